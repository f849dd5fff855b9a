# title: beta multiplies the reconstruction term
# title_ja: beta を再構成項にかけた
# diagnosis: Your loss looks like mean(beta * recon + KL): in the β-VAE, beta weights only the KL term, loss = mean(recon + beta * KL).
# diagnosis_ja: 損失が mean(beta * 再構成誤差 + KL) になっているようです。β-VAE では beta は KL 項だけにかけます: loss = mean(再構成誤差 + beta * KL)。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    recon = bernoulli_recon_loss(logits, x)
    kl = gaussian_kl(mu, logvar)
    return (beta * recon + kl).mean()
