# title: mean over the features instead of the sum
# title_ja: 特徴量の和ではなく平均をとった
# diagnosis: Your reconstruction loss looks like the mean over the D features: -log p(x|z) of independent pixels is the sum over the features (dim=-1), not the mean.
# diagnosis_ja: 再構成誤差が D 個の特徴量の平均になっているようです。独立な画素の -log p(x|z) は特徴量（dim=-1）の和です。平均ではありません。
def bernoulli_recon_loss(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").mean(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar)).mean(dim=-1)
