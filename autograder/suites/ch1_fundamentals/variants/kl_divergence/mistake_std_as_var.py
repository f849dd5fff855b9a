# title: variances treated as standard deviations
# title_ja: 分散を標準偏差として扱った
# diagnosis: Your closed form looks like it squares var1 and var2 (treating them as σ); the arguments are already variances σ².
# diagnosis_ja: 閉形式が var1 と var2 を二乗しているようです（σ として扱っている）。引数はすでに分散 σ² です。
def kl_diag_gaussians(mu1, var1, mu2, var2):
    return (torch.log(var2 / var1) + (var1 ** 2 + (mu1 - mu2) ** 2) / (2 * var2 ** 2) - 0.5).sum(dim=-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    return (diag_gaussian_log_prob(x, mu1, var1) - diag_gaussian_log_prob(x, mu2, var2)).mean(dim=0)
