# title: logvar used as log standard deviation (case C08: 6.613706)
# title_ja: logvar を log σ として使った（ケース C08: 6.613706）
# diagnosis: Your KL looks like it uses exp(2 * logvar) as the variance and 2 * logvar as log σ²: logvar is already log σ², so the variance is exp(logvar) (for mu = 1, σ = 2 this gives 6.613706).
# diagnosis_ja: KL が分散として exp(2 * logvar)、log σ² として 2 * logvar を使っているようです。logvar はすでに log σ² なので分散は exp(logvar) です（mu = 1, σ = 2 ではこれが 6.613706 になります）。
def gaussian_kl(mu, logvar):
    log_std = logvar
    return -0.5 * torch.sum(1 + 2 * log_std - mu ** 2 - torch.exp(2 * log_std), dim=-1)
