# title: the factor 0.5 left out
# title_ja: 係数 0.5 を忘れた
# diagnosis: Your KL looks like twice the correct value: the closed form is -0.5 * sum_j (1 + logvar - mu² - exp(logvar)); keep the factor 0.5.
# diagnosis_ja: KL が正しい値のちょうど 2 倍になっているようです。閉形式は -0.5 * Σ_j (1 + logvar - mu² - exp(logvar)) です。係数 0.5 を忘れないでください。
def gaussian_kl(mu, logvar):
    return -torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
