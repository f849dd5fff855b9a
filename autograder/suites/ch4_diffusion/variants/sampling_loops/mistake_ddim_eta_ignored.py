# title: eta not passed to ddim_step
# title_ja: eta を ddim_step に渡していない
# diagnosis: Your ddim_sample looks deterministic even with eta > 0; pass eta and noise[i] to ddim_step.
# diagnosis_ja: eta > 0 でも ddim_sample が決定的になっているようです。eta と noise[i] を ddim_step に渡してください。
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
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod)
    return x
