# title: σ = sqrt(exp(logvar)), computed in float64 and cast back
# title_ja: σ = sqrt(exp(logvar)) を float64 で計算して元の dtype に戻す
def reparameterize(mu, logvar, eps):
    var = torch.exp(logvar.double())
    z = mu.double() + torch.sqrt(var) * eps.double()
    return z.to(mu.dtype)
