# title: pairs (t, t_prev) with zip, under torch.no_grad
# title_ja: zip で (t, t_prev) の組を作り torch.no_grad の下で
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
@torch.no_grad()
def ddpm_sample(eps_model, x_T, alphas_cumprod, timesteps, noise):
    ts = timesteps.tolist()
    x = x_T.clone()
    for i, (t, t_prev) in enumerate(zip(ts, ts[1:] + [-1])):
        eps = eps_model(x, torch.full((len(x),), t, dtype=torch.long))
        x = ddpm_step(eps, t, x, alphas_cumprod, noise[i], t_prev)
    return x


@torch.no_grad()
def ddim_sample(eps_model, x_T, alphas_cumprod, timesteps, eta=0.0, noise=None):
    x = x_T.clone()
    for i, t in enumerate(timesteps.tolist()):
        eps = eps_model(x, torch.full((len(x),), t, dtype=torch.long))
        z = noise[i] if noise is not None else None
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta, z)
    return x
