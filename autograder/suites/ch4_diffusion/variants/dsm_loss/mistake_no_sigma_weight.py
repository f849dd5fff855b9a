# title: lambda(sigma) = sigma^2 weight missing
# title_ja: 重み λ(σ) = σ² を付けていない
# diagnosis: Your loss looks unweighted (lambda = 1); with lambda(sigma) = sigma^2 every noise level contributes on the same scale.
# diagnosis_ja: 損失に重みがない（λ = 1）ようです。λ(σ) = σ² を掛けると各ノイズレベルが同じスケールで寄与します。
def dsm_loss(score: torch.Tensor, noise: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    sigma = torch.as_tensor(sigma, dtype=score.dtype)
    sigma = sigma.reshape(-1, *([1] * (score.dim() - 1))) if sigma.dim() else sigma  # (N, 1)
    target = -noise / sigma                                          # (1) [NCSN] eq. 5
    per_sample = 0.5 * ((score - target) ** 2).flatten(1).sum(1)  # (2) eq. 6
    return per_sample.mean()
