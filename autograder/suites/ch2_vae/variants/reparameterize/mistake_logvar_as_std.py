# title: logvar used directly as the standard deviation
# title_ja: logvar をそのまま標準偏差として使った
# diagnosis: Your z looks like mu + logvar * eps: logvar is log σ² (it can be negative); the standard deviation is exp(0.5 * logvar).
# diagnosis_ja: z が mu + logvar * eps になっているようです。logvar は log σ² です（負にもなります）。標準偏差は exp(0.5 * logvar) です。
def reparameterize(mu, logvar, eps):
    return mu + logvar * eps
