# title: sigmoid applied to the logits before the with-logits BCE
# title_ja: with-logits の BCE の前にロジットへ sigmoid をかけた
# diagnosis: Your reconstruction term looks like binary_cross_entropy_with_logits(sigmoid(logits), x): the sigmoid is applied twice; pass the decoder logits directly (or call your bernoulli_recon_loss).
# diagnosis_ja: 再構成項が binary_cross_entropy_with_logits(sigmoid(logits), x) になっているようです。sigmoid が 2 回かかっています。デコーダのロジットをそのまま渡してください（または bernoulli_recon_loss を使ってください）。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    x_hat = torch.sigmoid(logits)
    recon = F.binary_cross_entropy_with_logits(x_hat, x, reduction="none").sum(dim=-1)
    return (recon + beta * gaussian_kl(mu, logvar)).mean()
