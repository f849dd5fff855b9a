# title: float32 like diffusers, vectorised cosine, log-sum cumprod
# title_ja: diffusers と同じ float32、ベクトル化したコサイン、対数和での累積積
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def beta_schedule(kind, num_train_timesteps, beta_start=1e-4, beta_end=0.02, max_beta=0.999):
    T = num_train_timesteps
    if kind == "linear":
        return torch.linspace(beta_start, beta_end, T, dtype=torch.float32)
    if kind == "scaled_linear":
        return torch.linspace(beta_start ** 0.5, beta_end ** 0.5, T, dtype=torch.float32) ** 2
    if kind == "squaredcos_cap_v2":
        s = torch.arange(T + 1, dtype=torch.float64) / T
        f = torch.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        return (1 - f[1:] / f[:-1]).clamp(max=max_beta).float()
    raise ValueError(f"unknown kind {kind!r}")


def alphas_cumprod_from_betas(betas):
    return torch.exp(torch.cumsum(torch.log1p(-betas.double()), dim=0)).to(betas.dtype)
