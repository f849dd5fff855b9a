# title: Gaussian NLL with logvar used as log σ
# title_ja: ガウスの負の対数尤度で logvar を log σ として使った
# diagnosis: Your Gaussian loss looks like it uses exp(2 * logvar) as the variance (logvar taken as log σ): logvar is log σ², so divide (x - mean)² by exp(logvar) and add logvar itself.
# diagnosis_ja: ガウス損失が分散として exp(2 * logvar) を使っているようです（logvar を log σ とみなしている）。logvar は log σ² なので、(x - mean)² を exp(logvar) で割り、logvar をそのまま足します。
def bernoulli_recon_loss(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    log_std = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    var = torch.exp(2 * log_std)
    return (0.5 * math.log(2 * math.pi) + log_std + 0.5 * (x - mean) ** 2 / var).sum(dim=-1)
