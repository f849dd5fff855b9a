# title: einsum with second moments in float64
# title_ja: einsum と float64 の二次モーメント
def em_step(x, weights, means, variances):
    xd = x.double()
    lj = torch.log(weights.double()) - 0.5 * (
        math.log(2 * math.pi) + torch.log(variances.double()) + (xd[:, None, :] - means.double()) ** 2 / variances.double()
    ).sum(-1)
    resp = torch.exp(lj - torch.logsumexp(lj, dim=1, keepdim=True))
    nk = torch.einsum("nk->k", resp)
    mu = torch.einsum("nk,nd->kd", resp, xd) / nk[:, None]
    ex2 = torch.einsum("nk,nd->kd", resp, xd * xd) / nk[:, None]
    var = ex2 - mu ** 2
    return (nk / x.shape[0]).to(x.dtype), mu.to(x.dtype), var.to(x.dtype)
