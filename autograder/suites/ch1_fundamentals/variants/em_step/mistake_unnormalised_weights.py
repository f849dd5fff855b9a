# title: weights returned as N_k (not divided by N)
# title_ja: 混合比として N_k をそのまま返した
# diagnosis: Your new weights sum to N, not 1: π_k = N_k / N.
# diagnosis_ja: 新しい混合比の和が 1 ではなく N になっています。π_k = N_k / N です。
def em_step(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    resp = torch.softmax(log_joint, dim=-1)
    nk = resp.sum(0)
    new_means = resp.T @ x / nk[:, None]
    new_vars = (resp[:, :, None] * (x[:, None, :] - new_means[None]) ** 2).sum(0) / nk[:, None]
    return nk, new_means, new_vars
