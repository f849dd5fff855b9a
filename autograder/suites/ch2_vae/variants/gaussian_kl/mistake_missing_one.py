# title: the constant 1 left out
# title_ja: 定数 1 を忘れた
# diagnosis: Your KL looks like -0.5 * sum_j (logvar - mu² - exp(logvar)) without the 1: then the KL of the prior to itself is 0.5 J, not 0; add 1 inside the sum.
# diagnosis_ja: KL が 1 を含まない -0.5 * Σ_j (logvar - mu² - exp(logvar)) になっているようです。これでは事前分布同士の KL が 0 ではなく 0.5 J になります。和の中に 1 を加えてください。
def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(logvar - mu.pow(2) - logvar.exp(), dim=-1)
