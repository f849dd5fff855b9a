# title: Gaussian NLL replaced by the sum of squared errors
# title_ja: ガウスの負の対数尤度を二乗誤差の和で置き換えた
# diagnosis: Your Gaussian loss looks like 0.5 * sum (x - mean)², which is the NLL only for variance 1 and without constants: divide by exp(logvar) and add 0.5 * (log(2π) + logvar) per feature.
# diagnosis_ja: ガウス損失が 0.5 * Σ (x - mean)² になっているようです。これは分散 1 で定数を除いた場合だけの値です。exp(logvar) で割り、特徴量ごとに 0.5 * (log(2π) + logvar) を足してください。
def bernoulli_recon_loss(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    return 0.5 * ((x - mean) ** 2).sum(dim=-1)
