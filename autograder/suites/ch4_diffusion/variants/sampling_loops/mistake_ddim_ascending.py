# title: DDIM loop runs the timesteps in ascending order
# title_ja: DDIM ループで時刻を昇順にたどった
# diagnosis: Your ddim_sample looks like it walks the timesteps from small to large; sampling starts at the largest timestep (the order given).
# diagnosis_ja: ddim_sample が時刻を小さい方から大きい方へたどっているようです。生成は最大の時刻から（与えられた順に）始まります。
def ddpm_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                noise: torch.Tensor) -> torch.Tensor:
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else -1
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=t_prev)
    return x


def ddim_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                eta: float = 0.0, noise: torch.Tensor | None = None) -> torch.Tensor:
    ts = sorted(int(v) for v in timesteps.tolist())
    x = x_T
    for i, t in enumerate(ts):
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta,
                      noise=None if noise is None else noise[i])
    return x
