# title: variances around the old means
# title_ja: 古い平均のまわりで分散を計算した
# diagnosis: Your variances are computed around the means you were given; the M step uses the NEW means of the same step: σ²_k = Σ_n γ_nk (x_n - μ_k^new)² / N_k.
# diagnosis_ja: 分散が入力された（古い）平均のまわりで計算されています。M ステップでは同じステップの「新しい」平均を使います: σ²_k = Σ_n γ_nk (x_n - μ_k^new)² / N_k。
def em_step(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    resp = torch.softmax(log_joint, dim=-1)
    nk = resp.sum(0)
    new_means = resp.T @ x / nk[:, None]
    new_vars = (resp[:, :, None] * (x[:, None, :] - means[None]) ** 2).sum(0) / nk[:, None]
    return nk / x.shape[0], new_means, new_vars
