# title: the 1/2 applied to the normaliser only
# title_ja: 1/2 を正規化項にだけ掛けた
# diagnosis: Your log-density looks like -1/2 log(2πσ²) - (x-μ)²/σ²: the quadratic term also needs the factor 1/2.
# diagnosis_ja: 対数密度が -1/2 log(2πσ²) - (x-μ)²/σ² になっているようです。二次の項にも 1/2 が必要です。
def gaussian_log_prob(x, mean, var):
    return -0.5 * torch.log(2 * math.pi * var) - (x - mean) ** 2 / var


def diag_gaussian_log_prob(x, mean, var):
    return gaussian_log_prob(x, mean, var).sum(dim=-1)
