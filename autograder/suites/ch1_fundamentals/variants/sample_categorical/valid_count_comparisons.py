# title: count of CDF values <= u (comparison matrix)
# title_ja: u 以下の CDF 値の個数（比較行列）
def sample_categorical(weights, u):
    cdf = torch.cumsum(weights.double(), 0)
    cdf = cdf / cdf[-1]
    idx = (cdf[None, :] <= u.double().reshape(-1, 1)).sum(dim=1)
    return idx.clamp(max=weights.shape[0] - 1).reshape(u.shape).to(torch.int64)
