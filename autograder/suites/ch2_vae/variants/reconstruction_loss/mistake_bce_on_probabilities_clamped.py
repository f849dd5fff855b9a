# title: F.binary_cross_entropy on sigmoid(logits) (log clamped at -100)
# title_ja: sigmoid(logits) に F.binary_cross_entropy を使った（log が -100 で打ち切られる）
# diagnosis: Your Bernoulli loss looks like F.binary_cross_entropy(torch.sigmoid(logits), x): PyTorch clamps its log at -100, so for large logits the loss is wrong (and its gradient vanishes); use F.binary_cross_entropy_with_logits on the logits.
# diagnosis_ja: ベルヌーイ損失が F.binary_cross_entropy(torch.sigmoid(logits), x) になっているようです。PyTorch はその log を -100 で打ち切るので、ロジットが大きいと値が誤ります（勾配も消えます）。ロジットに F.binary_cross_entropy_with_logits を使ってください。
def bernoulli_recon_loss(logits, x):
    return F.binary_cross_entropy(torch.sigmoid(logits), x, reduction="none").sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar)).sum(dim=-1)
