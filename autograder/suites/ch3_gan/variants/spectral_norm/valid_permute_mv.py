# title: permute + torch.mv with an explicit clamp
# title_ja: permute と torch.mv、明示的な clamp
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def spectral_norm_weight(weight, v, n_iter=1, *, transposed=False, eps=1e-12):
    w = weight.permute(1, 0, *range(2, weight.dim())) if transposed else weight
    W = w.reshape(w.shape[0], -1)
    v = v.to(W.dtype)
    with torch.no_grad():
        for _ in range(n_iter):
            u = torch.mv(W, v)
            u = u / u.norm().clamp_min(eps)
            v = torch.mv(W.T, u)
            v = v / v.norm().clamp_min(eps)
    sigma = u @ torch.mv(W, v)
    return weight / sigma, u, v, sigma
