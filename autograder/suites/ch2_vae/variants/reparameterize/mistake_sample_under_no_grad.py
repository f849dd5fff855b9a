# title: sampled under torch.no_grad()
# title_ja: torch.no_grad() の中でサンプリングした
# diagnosis: Your z is computed under torch.no_grad() ("sampling is not differentiable"), so no gradient flows to mu and logvar; the reparameterization makes the sample differentiable, so compute it with autograd on.
# diagnosis_ja: z を torch.no_grad() の中で計算しているため（「サンプリングは微分できない」）、mu と logvar に勾配が流れません。reparameterization はサンプルを微分可能にするためのものなので、autograd を有効にしたまま計算してください。
def reparameterize(mu, logvar, eps):
    with torch.no_grad():
        z = mu + torch.exp(0.5 * logvar) * eps
    return z
