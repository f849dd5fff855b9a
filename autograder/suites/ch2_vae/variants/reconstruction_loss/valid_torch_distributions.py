# title: torch.distributions log_prob (Bernoulli with logits, Normal)
# title_ja: torch.distributions の log_prob（ロジットの Bernoulli、Normal）
from torch.distributions import Bernoulli, Normal


def bernoulli_recon_loss(logits, x):
    # x may be a grey level in [0, 1]: turn off the {0, 1} support check
    return -Bernoulli(logits=logits, validate_args=False).log_prob(x).sum(-1)


def gaussian_recon_loss(mean, x, logvar):
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    std = torch.exp(0.5 * logvar)
    return -Normal(mean, std).log_prob(x).sum(-1)
