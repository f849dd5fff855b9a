# title: mean over the features instead of the sum
# title_ja: 特徴次元で和ではなく平均をとった
# diagnosis: Your loss looks like a mean over every element; the squared norm sums over the D features and only the batch is averaged.
# diagnosis_ja: 損失が全要素の平均になっているようです。二乗ノルムは D 個の特徴について和をとり、平均はバッチ方向だけです。
def dsm_loss(score: torch.Tensor, noise: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    sigma = torch.as_tensor(sigma, dtype=score.dtype)
    sigma = sigma.reshape(-1, *([1] * (score.dim() - 1))) if sigma.dim() else sigma  # (N, 1)
    target = -noise / sigma                                          # (1) [NCSN] eq. 5
    per_sample = 0.5 * (sigma ** 2 * (score - target) ** 2).flatten(1).mean(1)  # (2) eq. 6
    return per_sample.mean()
