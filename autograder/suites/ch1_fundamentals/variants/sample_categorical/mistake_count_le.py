# title: counts the CDF values below u, off by one at the top
# title_ja: u 以下の CDF 値を数え、上端で 1 ずれた
# diagnosis: Your sampler counts F_k <= u but then adds 1 (or the equivalent), so every draw is shifted by one category: the sample is the number of F_k <= u (no +1).
# diagnosis_ja: F_k <= u となる個数を数えたあと 1 を足しているため、すべてのサンプルが 1 カテゴリずれています。サンプルは F_k <= u となる個数そのものです（+1 は不要）。
def sample_categorical(weights, u):
    cdf = torch.cumsum(weights, dim=0) / weights.sum()
    idx = (cdf[None, :] <= u.reshape(-1, 1)).sum(dim=1) + 1
    return idx.clamp_max(weights.shape[0] - 1).reshape(u.shape)
