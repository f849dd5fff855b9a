# title: responsibilities from exp(...) / sum(exp(...))
# title_ja: 負担率を exp(...) / sum(exp(...)) で計算した
# diagnosis: Your update contains NaN for well-separated clusters: the densities underflow to 0 and 0/0 = NaN. Compute the responsibilities with torch.softmax of the log joint.
# diagnosis_ja: よく分離したクラスタで更新結果に NaN が含まれています。密度が 0 にアンダーフローし 0/0 = NaN になるためです。負担率は対数同時確率の torch.softmax で計算してください。
def em_step(x, weights, means, variances):
    joint = weights * torch.exp(diag_gaussian_log_prob(x[:, None, :], means, variances))
    resp = joint / joint.sum(dim=-1, keepdim=True)
    nk = resp.sum(0)
    new_means = resp.T @ x / nk[:, None]
    new_vars = (resp[:, :, None] * (x[:, None, :] - new_means[None]) ** 2).sum(0) / nk[:, None]
    return nk / x.shape[0], new_means, new_vars
