# title: standard deviation taken as sqrt(logvar)
# title_ja: 標準偏差を sqrt(logvar) とした
# diagnosis: Your z looks like mu + sqrt(logvar) * eps (NaN where logvar < 0): logvar is the log of the variance, so σ = sqrt(exp(logvar)) = exp(0.5 * logvar).
# diagnosis_ja: z が mu + sqrt(logvar) * eps になっているようです（logvar < 0 で NaN）。logvar は分散の対数なので σ = sqrt(exp(logvar)) = exp(0.5 * logvar) です。
def reparameterize(mu, logvar, eps):
    return mu + torch.sqrt(logvar) * eps
