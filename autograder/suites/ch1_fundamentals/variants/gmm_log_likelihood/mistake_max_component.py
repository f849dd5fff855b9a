# title: the best component only (max instead of logsumexp)
# title_ja: 最も近い成分だけを使った（logsumexp の代わりに max）
# diagnosis: Your log-likelihood looks like max_k [log π_k + log N(x; μ_k, σ²_k)]: that is a lower bound; the mixture sums over all components (logsumexp).
# diagnosis_ja: 対数尤度が max_k [log π_k + log N(x; μ_k, σ²_k)] になっているようです。これは下界で、混合分布はすべての成分の和（logsumexp）です。
def gmm_log_likelihood(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    return log_joint.max(dim=-1).values
