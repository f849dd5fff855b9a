# title: the equivalent epsilon form 1/2 ||sigma s + z||^2
# title_ja: 等価なε形式 1/2 ||σ s + z||²
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def dsm_loss(score, noise, sigma):
    sigma = torch.as_tensor(sigma, dtype=score.dtype, device=score.device)
    if sigma.dim() == 0:
        sigma = sigma.expand(score.shape[0])
    return 0.5 * ((sigma[:, None] * score + noise) ** 2).sum(dim=1).mean()
