# title: mixture weights left out
# title_ja: 混合比を掛け忘れた
# diagnosis: Your log-likelihood looks like logsumexp_k log N(x; μ_k, σ²_k) without log π_k: each component is weighted by its mixture weight.
# diagnosis_ja: 対数尤度が log π_k を含まない logsumexp_k log N(x; μ_k, σ²_k) になっているようです。各成分には混合比の重みが掛かります。
def gmm_log_likelihood(x, weights, means, variances):
    return torch.logsumexp(diag_gaussian_log_prob(x[:, None, :], means, variances), dim=-1)
