# title: standard deviation taken as exp(logvar)
# title_ja: 標準偏差を exp(logvar) とした
# diagnosis: Your z looks like mu + exp(logvar) * eps: exp(logvar) is the variance σ²; the standard deviation is σ = exp(0.5 * logvar).
# diagnosis_ja: z が mu + exp(logvar) * eps になっているようです。exp(logvar) は分散 σ² です。標準偏差は σ = exp(0.5 * logvar) です。
def reparameterize(mu, logvar, eps):
    std = torch.exp(logvar)
    return mu + std * eps
