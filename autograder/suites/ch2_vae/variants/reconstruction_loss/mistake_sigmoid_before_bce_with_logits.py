# title: sigmoid applied before binary_cross_entropy_with_logits
# title_ja: binary_cross_entropy_with_logits の前に sigmoid をかけた
# diagnosis: Your Bernoulli loss looks like binary_cross_entropy_with_logits(sigmoid(logits), x): the "with_logits" loss applies the sigmoid itself, so pass the raw logits.
# diagnosis_ja: ベルヌーイ損失が binary_cross_entropy_with_logits(sigmoid(logits), x) になっているようです。with_logits 版は内部で sigmoid をかけるので、ロジットをそのまま渡してください。
def bernoulli_recon_loss(logits, x):
    probs = torch.sigmoid(logits)
    return F.binary_cross_entropy_with_logits(probs, x, reduction="none").sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar)).sum(dim=-1)
