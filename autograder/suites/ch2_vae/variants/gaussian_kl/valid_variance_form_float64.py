# title: 0.5 * (σ² + μ² - 1 - log σ²) in float64, cast back, with a warning
# title_ja: 0.5 * (σ² + μ² - 1 - log σ²) を float64 で計算して元の dtype に戻す（警告つき）
import warnings


def _per_dim_kl(mu, logvar):
    var = torch.exp(logvar)
    return 0.5 * (var + mu * mu - 1.0 - logvar)


def gaussian_kl(mu, logvar):
    if mu.dtype != torch.float64:
        warnings.warn("gaussian_kl: computing in float64")
    out = _per_dim_kl(mu.to(torch.float64), logvar.to(torch.float64))
    return out.sum(-1).to(mu.dtype)
