# title: mean over the latent dimensions instead of the sum
# title_ja: 潜在次元の和ではなく平均をとった
# diagnosis: Your KL looks like the mean over the J latent dimensions: the KL of a diagonal Gaussian is the sum of the per-dimension KLs (torch.sum(..., dim=-1)).
# diagnosis_ja: KL が J 個の潜在次元の平均になっているようです。対角ガウスの KL は次元ごとの KL の和です（torch.sum(..., dim=-1)）。
def gaussian_kl(mu, logvar):
    return -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
