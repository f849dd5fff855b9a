# title: posterior without the prior (likelihoods normalised)
# title_ja: 事前分布を掛けずに尤度だけを正規化した
# diagnosis: Your posterior looks like softmax_k log N(x; μ_k, σ²_k) without log π_k; Bayes' rule multiplies the likelihood by the prior.
# diagnosis_ja: 事後確率が log π_k を含まない softmax_k log N(x; μ_k, σ²_k) になっているようです。ベイズの定理では尤度に事前確率を掛けます。
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    counts = torch.bincount(y, minlength=num_classes).to(x.dtype)
    log_prior = torch.log(counts / x.shape[0])
    means = torch.stack([x[y == k].mean(0) for k in range(num_classes)])
    variances = torch.stack([x[y == k].var(0, unbiased=False) for k in range(num_classes)]) + var_smoothing
    return log_prior, means, variances


def class_posterior(x, log_prior, means, variances):
    return torch.softmax(diag_gaussian_log_prob(x[:, None, :], means, variances), dim=-1)
