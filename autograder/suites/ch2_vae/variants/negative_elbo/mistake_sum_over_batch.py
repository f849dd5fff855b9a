# title: summed over the batch (reduction="sum", as in pytorch/examples)
# title_ja: バッチ方向にも和をとった（pytorch/examples と同じ reduction="sum"）
# diagnosis: Your loss looks like the sum over the batch, as in pytorch/examples' VAE (reduction="sum"): this exercise asks for the mean over the batch of [recon + beta * KL], so it does not grow with the batch size.
# diagnosis_ja: 損失がバッチ方向の和になっているようです（pytorch/examples の VAE と同じ reduction="sum"）。この課題では [再構成誤差 + beta * KL] のバッチ平均を求めます（バッチサイズで値が変わらないように）。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
    return bce + beta * kld
