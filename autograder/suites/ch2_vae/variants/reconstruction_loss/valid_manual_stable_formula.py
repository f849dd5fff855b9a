# title: stable BCE written by hand; Gaussian NLL with the variance
# title_ja: 安定な BCE を手書き、ガウスは分散で割る形
import warnings


def _stable_bce(logits, x):
    # max(l, 0) - l x + log(1 + exp(-|l|)): never overflows
    return torch.clamp(logits, min=0) - logits * x + torch.log1p(torch.exp(-logits.abs()))


def bernoulli_recon_loss(logits, x):
    return _stable_bce(logits, x).sum(-1)


def gaussian_recon_loss(mean, x, logvar):
    if not torch.is_tensor(logvar):
        warnings.warn("logvar given as a number; broadcasting it")
        logvar = torch.full_like(mean, float(logvar))
    var = logvar.exp()
    return 0.5 * torch.sum(math.log(2 * math.pi) + logvar + (x - mean).pow(2) / var, dim=-1)
