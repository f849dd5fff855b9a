# title: per-class variance divided by N_k - 1
# title_ja: クラスごとの分散を N_k - 1 で割った
# diagnosis: Your class variances divide by N_k - 1; the maximum-likelihood estimate divides by N_k (and a class with one sample then has variance var_smoothing, not NaN).
# diagnosis_ja: クラスごとの分散が N_k - 1 で割られています。最尤推定は N_k で割ります（サンプルが 1 つのクラスの分散は NaN ではなく var_smoothing になります）。
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    counts = torch.bincount(y, minlength=num_classes).to(x.dtype)
    log_prior = torch.log(counts / x.shape[0])
    means = torch.stack([x[y == k].mean(0) for k in range(num_classes)])
    variances = torch.stack([x[y == k].var(0) for k in range(num_classes)]) + var_smoothing
    return log_prior, means, variances


def class_posterior(x, log_prior, means, variances):
    logits = log_prior + diag_gaussian_log_prob(x[:, None, :], means, variances)
    return torch.softmax(logits, dim=-1)
