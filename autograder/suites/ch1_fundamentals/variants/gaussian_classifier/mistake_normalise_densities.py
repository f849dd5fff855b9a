# title: densities exponentiated and then normalised
# title_ja: 密度を exp してから正規化した
# diagnosis: Your posterior is NaN where every class density underflows to 0 (far from all classes): normalise in log space with torch.softmax or logsumexp instead of p / p.sum().
# diagnosis_ja: どのクラスの密度も 0 にアンダーフローする点（すべてのクラスから遠い点）で事後確率が NaN になっています。p / p.sum() ではなく torch.softmax や logsumexp で対数空間のまま正規化してください。
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    counts = torch.bincount(y, minlength=num_classes).to(x.dtype)
    log_prior = torch.log(counts / x.shape[0])
    means = torch.stack([x[y == k].mean(0) for k in range(num_classes)])
    variances = torch.stack([x[y == k].var(0, unbiased=False) for k in range(num_classes)]) + var_smoothing
    return log_prior, means, variances


def class_posterior(x, log_prior, means, variances):
    joint = torch.exp(log_prior + diag_gaussian_log_prob(x[:, None, :], means, variances))
    return joint / joint.sum(dim=-1, keepdim=True)
