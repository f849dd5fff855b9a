# title: KL(q ‖ p) instead of KL(p ‖ q)
# title_ja: KL(p ‖ q) ではなく KL(q ‖ p) を計算した
# diagnosis: Your closed form matches KL(q ‖ p) (the arguments swapped); KL is not symmetric: the first Gaussian (mu1, var1) is p, the distribution the expectation is taken under.
# diagnosis_ja: 閉形式が KL(q ‖ p)（引数が入れ替わった形）に一致しています。KL は非対称です。最初のガウス分布 (mu1, var1) が期待値をとる分布 p です。
def kl_diag_gaussians(mu1, var1, mu2, var2):
    return 0.5 * (torch.log(var1 / var2) + (var2 + (mu1 - mu2) ** 2) / var1 - 1.0).sum(dim=-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    return (diag_gaussian_log_prob(x, mu1, var1) - diag_gaussian_log_prob(x, mu2, var2)).mean(dim=0)
