# title: sums over everything divided by the batch size, written inline
# title_ja: 全体の和をバッチサイズで割る形をその場で書いた
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    batch = logits.shape[0]
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kld = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - 1 - logvar)
    return (bce + beta * kld) / batch
