# title: log(sum(exp(...))) without the max trick
# title_ja: max を引かずに log(sum(exp(...))) を計算した
# diagnosis: Your log-likelihood is -inf for points far from every component: each π_k N(x; μ_k, σ²_k) underflows to 0. Use torch.logsumexp over the components.
# diagnosis_ja: どの成分からも遠い点で対数尤度が -inf になっています。各 π_k N(x; μ_k, σ²_k) が 0 にアンダーフローするためです。成分方向に torch.logsumexp を使ってください。
def gmm_log_likelihood(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    return torch.log(torch.exp(log_joint).sum(dim=-1))
