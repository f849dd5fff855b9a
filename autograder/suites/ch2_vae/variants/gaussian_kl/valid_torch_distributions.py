# title: torch.distributions.kl_divergence between Normals
# title_ja: torch.distributions.kl_divergence で Normal 同士の KL
from torch.distributions import Normal, kl_divergence


def gaussian_kl(mu, logvar):
    q = Normal(mu, torch.exp(0.5 * logvar))
    p = Normal(torch.zeros_like(mu), torch.ones_like(mu))
    return kl_divergence(q, p).sum(dim=-1)
