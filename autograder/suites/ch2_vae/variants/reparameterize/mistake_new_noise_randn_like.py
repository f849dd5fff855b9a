# title: new noise drawn with torch.randn_like instead of the given eps
# title_ja: 渡された eps ではなく torch.randn_like で新しいノイズを生成した
# diagnosis: Your z does not use the eps you are given (it looks like noise drawn inside the function with torch.randn_like): use z = mu + exp(0.5 * logvar) * eps with the argument eps.
# diagnosis_ja: z が渡された eps を使っていません（関数の中で torch.randn_like でノイズを生成しているようです）。引数の eps を使って z = mu + exp(0.5 * logvar) * eps としてください。
def reparameterize(mu, logvar, eps):
    std = torch.exp(0.5 * logvar)
    eps = torch.randn_like(std)
    return mu + std * eps
