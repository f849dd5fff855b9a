# title: loops over classes, explicit logsumexp
# title_ja: クラスごとのループと明示的な logsumexp
def fit_class_conditional_gaussian(x, y, num_classes, var_smoothing=0.0):
    log_prior, means, variances = [], [], []
    for k in range(num_classes):
        xk = x[y == k]
        log_prior.append(math.log(xk.shape[0] / x.shape[0]))
        mk = xk.mean(0)
        means.append(mk)
        variances.append(((xk - mk) ** 2).mean(0) + var_smoothing)
    return torch.tensor(log_prior, dtype=x.dtype), torch.stack(means), torch.stack(variances)


def class_posterior(x, log_prior, means, variances):
    cols = []
    for k in range(means.shape[0]):
        lp = -0.5 * (math.log(2 * math.pi) + torch.log(variances[k]) + (x - means[k]) ** 2 / variances[k]).sum(-1)
        cols.append(log_prior[k] + lp)
    logits = torch.stack(cols, dim=1)
    return torch.exp(logits - torch.logsumexp(logits, dim=1, keepdim=True))
