# title: Monte Carlo estimate of log q - log p
# title_ja: モンテカルロ推定で log q - log p を平均した
# diagnosis: Your Monte Carlo estimate has the opposite sign: KL(p ‖ q) ≈ mean of log p(x_s) - log q(x_s) for x_s ~ p.
# diagnosis_ja: モンテカルロ推定の符号が逆です。x_s ~ p に対して KL(p ‖ q) ≈ log p(x_s) - log q(x_s) の平均です。
def kl_diag_gaussians(mu1, var1, mu2, var2):
    return 0.5 * (torch.log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2 - 1.0).sum(dim=-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    return (diag_gaussian_log_prob(x, mu2, var2) - diag_gaussian_log_prob(x, mu1, var1)).mean(dim=0)
