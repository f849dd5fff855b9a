# title: one-hot matrix products in float64, result cast back
# title_ja: float64 の one-hot 行列積、結果を元の dtype に戻す
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    xd = x.double()
    onehot = torch.nn.functional.one_hot(y, num_classes).double()
    nk = onehot.sum(0)
    means = onehot.T @ xd / nk[:, None]
    ex2 = onehot.T @ (xd * xd) / nk[:, None]
    variances = (ex2 - means ** 2).clamp_min(0) + var_smoothing
    return torch.log(nk / nk.sum()).to(x.dtype), means.to(x.dtype), variances.to(x.dtype)


def class_posterior(x, log_prior, means, variances):
    logits = log_prior + diag_gaussian_log_prob(x[:, None, :], means, variances)
    return torch.nn.functional.softmax(logits.double(), dim=1).to(x.dtype)
