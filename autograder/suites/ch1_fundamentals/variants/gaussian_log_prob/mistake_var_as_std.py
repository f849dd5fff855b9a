# title: variance used as a standard deviation
# title_ja: 分散を標準偏差として使った
# diagnosis: Your log-density looks like it treats `var` as σ (log σ² = 2 log var, (x-μ)²/var²); `var` is already the variance σ².
# diagnosis_ja: 対数密度が `var` を σ として扱っているようです（log σ² = 2 log var、(x-μ)²/var²）。`var` はすでに分散 σ² です。
def gaussian_log_prob(x, mean, var):
    return -0.5 * (math.log(2 * math.pi) + 2 * torch.log(var) + (x - mean) ** 2 / var ** 2)


def diag_gaussian_log_prob(x, mean, var):
    return gaussian_log_prob(x, mean, var).sum(dim=-1)
