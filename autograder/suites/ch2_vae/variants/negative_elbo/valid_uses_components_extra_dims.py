# title: the exercise's functions, mean over every leading (batch) axis
# title_ja: 前の課題の関数を使い、先頭の（バッチ）軸すべてで平均
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    per_sample = bernoulli_recon_loss(logits, x) + beta * gaussian_kl(mu, logvar)  # (B,) or (..., B)
    return per_sample.reshape(-1).mean()
