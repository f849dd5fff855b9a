# title: torch.distributions.kl_divergence and log_prob
# title_ja: torch.distributions の kl_divergence と log_prob
from torch.distributions import Independent, Normal, kl_divergence


def kl_diag_gaussians(mu1, var1, mu2, var2):
    mu1, var1, mu2, var2 = torch.broadcast_tensors(mu1, var1, mu2, var2)
    return kl_divergence(Independent(Normal(mu1, var1.sqrt()), 1), Independent(Normal(mu2, var2.sqrt()), 1))


def kl_monte_carlo(x, mu1, var1, mu2, var2):
    p = Independent(Normal(mu1, var1.sqrt()), 1)
    q = Independent(Normal(mu2, var2.sqrt()), 1)
    return (p.log_prob(x) - q.log_prob(x)).mean(0)
