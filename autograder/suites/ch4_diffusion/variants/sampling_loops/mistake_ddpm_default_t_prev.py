# title: DDPM loop with the default t_prev = t - 1
# title_ja: DDPM ループで t_prev を既定の t - 1 のままにした
# diagnosis: Your ddpm_sample looks like it calls ddpm_step without t_prev, so every step assumes t - 1; with skipped timesteps pass the next timestep of the list (-1 after the last).
# diagnosis_ja: ddpm_sample が t_prev を渡さずに ddpm_step を呼んでいるようで、毎回 t - 1 を仮定しています。時刻を飛ばすときはリストの次の時刻（最後は -1）を渡します。
def ddpm_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                noise: torch.Tensor) -> torch.Tensor:
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else -1
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i])
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
