# title: alphas_cumprod[t - 1] used for timestep t
# title_ja: タイムステップ t に alphas_cumprod[t - 1] を使った
# diagnosis: Your weighting uses the previous timestep's noise level: w(t) = 1 - alphas_cumprod[t] (0-based index t).
# diagnosis_ja: 重みが 1 つ前のタイムステップのノイズレベルを使っています。w(t) = 1 - alphas_cumprod[t]（0 始まりの t 番目）です。
def sds_gradient(eps_hat, eps, alphas_cumprod, t):
    if eps_hat.shape != eps.shape:
        raise ValueError(f"eps_hat shape {tuple(eps_hat.shape)} must equal eps shape {tuple(eps.shape)}")
    t = torch.as_tensor(t).reshape(-1)
    if t.shape[0] != eps.shape[0]:
        raise ValueError(f"t must have one entry per sample: got {t.shape[0]} for batch {eps.shape[0]}")
    if bool((t < 0).any()) or bool((t >= alphas_cumprod.shape[0]).any()):
        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long() - 1]  # (B,)
    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
    return (w * (eps_hat - eps)).detach()
