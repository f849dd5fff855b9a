# title: expanded terms, inline log-densities
# title_ja: 項を展開し、対数密度をその場で計算
def kl_diag_gaussians(mu1, var1, mu2, var2):
    log_ratio = torch.log(var2) - torch.log(var1)
    trace = var1 / var2
    maha = (mu2 - mu1) ** 2 / var2
    return 0.5 * (log_ratio + trace + maha).sum(-1) - 0.5 * torch.ones_like(trace).sum(-1)


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    lp = -0.5 * (torch.log(2 * math.pi * var1) + (x - mu1) ** 2 / var1)
    lq = -0.5 * (torch.log(2 * math.pi * var2) + (x - mu2) ** 2 / var2)
    return (lp - lq).sum(-1).mean(0)
