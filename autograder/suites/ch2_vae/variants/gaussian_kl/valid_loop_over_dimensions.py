# title: an explicit loop over the latent dimensions
# title_ja: 潜在次元ごとの明示的なループ
def gaussian_kl(mu, logvar):
    total = torch.zeros(mu.shape[:-1], dtype=mu.dtype, device=mu.device)
    for j in range(mu.shape[-1]):
        m, lv = mu[..., j], logvar[..., j]
        total = total + 0.5 * (lv.exp() + m ** 2 - 1 - lv)
    return total
