# title: target score +z / sigma
# title_ja: 目標スコアを +z / σ にした
# diagnosis: Your loss looks like it uses the target +z / sigma; the score of q(x~ | x) is -(x~ - x) / sigma^2 = -z / sigma.
# diagnosis_ja: 目標スコアに +z / σ を使っているようです。q(x~ | x) のスコアは -(x~ - x) / σ² = -z / σ です。
def dsm_loss(score: torch.Tensor, noise: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    sigma = torch.as_tensor(sigma, dtype=score.dtype)
    sigma = sigma.reshape(-1, *([1] * (score.dim() - 1))) if sigma.dim() else sigma  # (N, 1)
    target = noise / sigma                                          # (1) [NCSN] eq. 5
    per_sample = 0.5 * (sigma ** 2 * (score - target) ** 2).flatten(1).sum(1)  # (2) eq. 6
    return per_sample.mean()
