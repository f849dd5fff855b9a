# title: Gaussian NLL that only accepts a tensor logvar
# title_ja: logvar がテンソルのときしか動かないガウスの負の対数尤度
# diagnosis: Your gaussian_recon_loss fails when logvar is a Python float (logvar.exp() or torch.exp(logvar) need a tensor): convert it first with torch.as_tensor(logvar, dtype=mean.dtype).
# diagnosis_ja: logvar が Python の float のとき gaussian_recon_loss が失敗します（logvar.exp() や torch.exp(logvar) はテンソルが必要です）。先に torch.as_tensor(logvar, dtype=mean.dtype) で変換してください。
def bernoulli_recon_loss(logits, x):
    return F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 / logvar.exp()).sum(dim=-1)
