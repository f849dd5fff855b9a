# title: eps - eps_hat instead of eps_hat - eps
# title_ja: eps_hat - eps ではなく eps - eps_hat にした
# diagnosis: Your gradient has the opposite sign: the SDS gradient is w(t) * (eps_hat - eps); with eps - eps_hat gradient descent moves away from the data.
# diagnosis_ja: 勾配の符号が逆です。SDS 勾配は w(t) * (eps_hat - eps) です。eps - eps_hat では勾配降下がデータから遠ざかります。
def sds_gradient(eps_hat, eps, alphas_cumprod, t):
    if eps_hat.shape != eps.shape:
        raise ValueError(f"eps_hat shape {tuple(eps_hat.shape)} must equal eps shape {tuple(eps.shape)}")
    t = torch.as_tensor(t).reshape(-1)
    if t.shape[0] != eps.shape[0]:
        raise ValueError(f"t must have one entry per sample: got {t.shape[0]} for batch {eps.shape[0]}")
    if bool((t < 0).any()) or bool((t >= alphas_cumprod.shape[0]).any()):
        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
    return (w * (eps - eps_hat)).detach()
