# title: Monte Carlo KL estimate clamped at 0
# title_ja: モンテカルロ推定の KL を 0 でクリップした
# diagnosis: Your estimate is never negative: the true KL is >= 0, but its Monte Carlo estimate from a few samples can be negative (when q happens to fit the samples better than p). Return the plain mean of log p(x_s) - log q(x_s); clamping biases the estimator.
# diagnosis_ja: 推定値が負になりません。真の KL は 0 以上ですが、少ないサンプルからのモンテカルロ推定は負になりえます（q の方がサンプルによく合う場合）。log p(x_s) - log q(x_s) の平均をそのまま返してください。クリップすると推定量に偏りが生じます。
def kl_diag_gaussians(mu1, var1, mu2, var2):
    return 0.5 * (torch.log(var2 / var1) + (var1 + (mu1 - mu2) ** 2) / var2 - 1.0).sum(dim=-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    est = (diag_gaussian_log_prob(x, mu1, var1) - diag_gaussian_log_prob(x, mu2, var2)).mean(dim=0)
    return est.clamp(min=0.0)
