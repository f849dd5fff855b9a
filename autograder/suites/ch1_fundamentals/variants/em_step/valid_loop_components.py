# title: loop over components, prints progress
# title_ja: 成分ごとのループ、途中経過を print
def em_step(x, weights, means, variances):
    log_joint = torch.log(weights) + diag_gaussian_log_prob(x[:, None, :], means, variances)
    resp = torch.softmax(log_joint, dim=1)
    w_new, mu_new, var_new = [], [], []
    for k in range(weights.shape[0]):
        r = resp[:, k:k + 1]
        nk = r.sum()
        mu = (r * x).sum(0) / nk
        var = (r * (x - mu) ** 2).sum(0) / nk
        w_new.append(nk / x.shape[0])
        mu_new.append(mu)
        var_new.append(var)
        print(f"component {k}: N_k = {float(nk):.3f}")
    return torch.stack(w_new), torch.stack(mu_new), torch.stack(var_new)
