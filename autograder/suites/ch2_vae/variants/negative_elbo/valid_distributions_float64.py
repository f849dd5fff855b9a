# title: torch.distributions in float64, cast back, with a warning
# title_ja: torch.distributions を float64 で使い、元の dtype に戻す（警告つき）
import warnings

from torch.distributions import Bernoulli, Normal, kl_divergence


def negative_elbo(logits, x, mu, logvar, beta=1.0):
    if beta != 1.0:
        warnings.warn(f"beta-VAE with beta={beta}")
    l64, x64, m64, lv64 = (t.to(torch.float64) for t in (logits, x, mu, logvar))
    log_px = Bernoulli(logits=l64, validate_args=False).log_prob(x64).sum(-1)
    kl = kl_divergence(Normal(m64, torch.exp(0.5 * lv64)), Normal(torch.zeros_like(m64), torch.ones_like(m64))).sum(-1)
    elbo = log_px - beta * kl
    return (-elbo).mean().to(logits.dtype)
