# title: responsibilities normalised over the data points
# title_ja: 負担率をデータ点の方向に正規化した
# diagnosis: Your responsibilities look normalised over the points n (dim 0); γ_nk is a posterior over the components, so each row (point) sums to 1 over k.
# diagnosis_ja: 負担率がデータ点 n の方向（dim 0）に正規化されているようです。γ_nk は成分についての事後確率なので、各行（点）が k について和 1 になります。
def em_step(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    resp = torch.softmax(log_joint, dim=0)
    nk = resp.sum(0)
    new_means = resp.T @ x / nk[:, None]
    new_vars = (resp[:, :, None] * (x[:, None, :] - new_means[None]) ** 2).sum(0) / nk[:, None]
    return nk / nk.sum(), new_means, new_vars
