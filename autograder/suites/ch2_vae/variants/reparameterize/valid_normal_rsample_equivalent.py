# title: loc + scale * eps as in torch.distributions.Normal.rsample, with leading dims
# title_ja: torch.distributions.Normal.rsample と同じ loc + scale * eps（先頭次元つき）
from torch.distributions import Normal


def reparameterize(mu, logvar, eps):
    q = Normal(mu, (0.5 * logvar).exp())
    # rsample() draws its own eps; with the given eps it is loc + scale * eps
    return q.loc + q.scale * eps.expand_as(q.loc)
