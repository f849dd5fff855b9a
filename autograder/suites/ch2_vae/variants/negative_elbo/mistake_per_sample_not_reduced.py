# title: per-sample losses returned (no batch mean)
# title_ja: サンプルごとの損失を返した（バッチ平均なし）
# diagnosis: Your loss is a vector with one value per sample: return the mean over the batch, a 0-dim tensor (.mean()), so that loss.backward() works.
# diagnosis_ja: 損失がサンプルごとのベクトルになっています。バッチ平均の 0 次元テンソル（.mean()）を返してください。そうすれば loss.backward() が使えます。
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    return bernoulli_recon_loss(logits, x) + beta * gaussian_kl(mu, logvar)
