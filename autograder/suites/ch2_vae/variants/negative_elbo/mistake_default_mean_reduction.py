# title: BCE with the default reduction="mean" (averaged over the pixels too)
# title_ja: BCE を既定の reduction="mean" で計算した（画素方向まで平均）
# diagnosis: Your reconstruction term looks like F.binary_cross_entropy_with_logits(logits, x) with its default reduction="mean", which also averages over the D pixels and makes it D times too small next to the KL: sum over features, mean over the batch.
# diagnosis_ja: 再構成項が既定の reduction="mean" の F.binary_cross_entropy_with_logits(logits, x) になっているようです。これは D 個の画素方向にも平均するので、KL に比べて D 倍小さくなります。特徴量は和、バッチは平均です。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    recon = F.binary_cross_entropy_with_logits(logits, x)
    kl = gaussian_kl(mu, logvar).mean()
    return recon + beta * kl
