# title: the same noise at every DDPM step
# title_ja: DDPM の全ステップで同じノイズを使った
# diagnosis: Your ddpm_sample looks like it reuses noise[0] at every step; step i uses noise[i].
# diagnosis_ja: ddpm_sample が毎ステップ noise[0] を使っているようです。ステップ i では noise[i] を使います。
def ddpm_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                noise: torch.Tensor) -> torch.Tensor:
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else -1
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[0], t_prev=t_prev)
    return x


def ddim_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                eta: float = 0.0, noise: torch.Tensor | None = None) -> torch.Tensor:
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta,
                      noise=None if noise is None else noise[i])
    return x
