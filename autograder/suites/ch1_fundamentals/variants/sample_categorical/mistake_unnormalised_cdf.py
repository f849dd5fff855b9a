# title: CDF not normalised by the total weight
# title_ja: CDF を重みの合計で正規化しなかった
# diagnosis: Your sampler ignores that the weights need not sum to 1: divide the cumulative sum by its last value before comparing with u.
# diagnosis_ja: 重みの和が 1 とは限らないことが考慮されていません。累積和を最後の値で割ってから u と比較してください。
def sample_categorical(weights, u):
    cdf = torch.cumsum(weights, dim=0)
    return torch.searchsorted(cdf, u.contiguous(), right=True).clamp_max(weights.shape[0] - 1)
