# title: torch.distributions.MixtureSameFamily
# title_ja: torch.distributions.MixtureSameFamily を使う
from torch.distributions import Categorical, Independent, MixtureSameFamily, Normal


def gmm_log_likelihood(x, weights, means, variances):
    mix = MixtureSameFamily(Categorical(probs=weights), Independent(Normal(means, variances.sqrt()), 1))
    return mix.log_prob(x)
