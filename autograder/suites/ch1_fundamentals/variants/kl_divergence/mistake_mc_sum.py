# title: Monte Carlo sum instead of mean
# title_ja: モンテカルロ推定で平均ではなく和をとった
# diagnosis: Your Monte Carlo estimate grows with the number of samples: average log p(x_s) - log q(x_s) over the samples (dim 0), do not sum.
# diagnosis_ja: モンテカルロ推定がサンプル数とともに大きくなっています。log p(x_s) - log q(x_s) はサンプル方向（dim 0）に和ではなく平均をとってください。
def kl_diag_gaussians(mu1, var1, mu2, var2):
    return 0.5 * (torch.log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2 - 1.0).sum(dim=-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    return (diag_gaussian_log_prob(x, mu1, var1) - diag_gaussian_log_prob(x, mu2, var2)).sum(dim=0)
