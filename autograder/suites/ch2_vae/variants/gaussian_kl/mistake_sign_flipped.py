# title: sign of the KL flipped
# title_ja: KL の符号を逆にした
# diagnosis: Your KL looks like the negative of the correct value: the closed form starts with -0.5 (the KL is never negative); KL = -0.5 * sum_j (1 + logvar - mu² - exp(logvar)).
# diagnosis_ja: KL が正しい値の符号を反転した値になっているようです。閉形式は -0.5 から始まります（KL は負になりません）。KL = -0.5 * Σ_j (1 + logvar - mu² - exp(logvar))。
def gaussian_kl(mu, logvar):
    return 0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
