# title: while loops with an explicit index and progress on stderr
# title_ja: 明示的な添字の while ループ（stderr に進捗）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import sys


def ddpm_sample(eps_model, x_T, alphas_cumprod, timesteps, noise):
    x, i, n = x_T, 0, len(timesteps)
    while i < n:
        t = int(timesteps[i])
        t_prev = int(timesteps[i + 1]) if i + 1 < n else -1
        x = ddpm_step(eps_model(x, timesteps[i].repeat(x.shape[0]).long()), t, x, alphas_cumprod,
                      noise=noise[i], t_prev=t_prev)
        i += 1
    print(f"ddpm_sample: {n} steps", file=sys.stderr)
    return x


def ddim_sample(eps_model, x_T, alphas_cumprod, timesteps, eta=0.0, noise=None):
    x, i = x_T, 0
    while i < len(timesteps):
        t = int(timesteps[i])
        eps = eps_model(x, torch.full((x.shape[0],), t, dtype=torch.int64))
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta, noise=None if noise is None else noise[i])
        i += 1
    return x
