# title: uniform prior instead of class frequencies
# title_ja: クラス頻度ではなく一様な事前分布を使った
# diagnosis: Your log_prior looks uniform (log 1/K); the maximum-likelihood prior is the class frequency N_k / N.
# diagnosis_ja: log_prior が一様（log 1/K）になっているようです。事前分布の最尤推定はクラスの頻度 N_k / N です。
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    log_prior = torch.full((num_classes,), -math.log(num_classes), dtype=x.dtype)
    means = torch.stack([x[y == k].mean(0) for k in range(num_classes)])
    variances = torch.stack([x[y == k].var(0, unbiased=False) for k in range(num_classes)]) + var_smoothing
    return log_prior, means, variances


def class_posterior(x, log_prior, means, variances):
    logits = log_prior + diag_gaussian_log_prob(x[:, None, :], means, variances)
    return torch.softmax(logits, dim=-1)
