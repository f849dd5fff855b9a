# title: KL subtracted instead of added
# title_ja: KL を足さずに引いた
# diagnosis: Your loss looks like mean(recon - beta * KL): the ELBO is E[log p(x|z)] - KL, so the negative ELBO (the loss) is recon + beta * KL.
# diagnosis_ja: 損失が mean(再構成誤差 - beta * KL) になっているようです。ELBO は E[log p(x|z)] - KL なので、負の ELBO（損失）は 再構成誤差 + beta * KL です。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    return (bernoulli_recon_loss(logits, x) - beta * gaussian_kl(mu, logvar)).mean()
