# title: searchsorted with right=False (u = F_k assigned to k)
# title_ja: searchsorted を right=False で使った（u = F_k を k に割り当てた）
# diagnosis: Your sampler returns k when u equals F_k exactly, and can return a zero-weight category (u = 0 with w_0 = 0): category k owns [F_{k-1}, F_k), use torch.searchsorted(cdf, u, right=True).
# diagnosis_ja: u がちょうど F_k のときに k を返しており、重み 0 のカテゴリを返すことがあります（w_0 = 0 で u = 0）。カテゴリ k の区間は [F_{k-1}, F_k) なので torch.searchsorted(cdf, u, right=True) を使ってください。
def sample_categorical(weights, u):
    cdf = torch.cumsum(weights, dim=0)
    cdf = cdf / cdf[-1]
    return torch.searchsorted(cdf, u.contiguous()).clamp_max(weights.shape[0] - 1)
