# title: eigenvalues of Σ1 Σ2 (torchmetrics' formula), real part, clamped
# title_ja: Σ1 Σ2 の固有値（torchmetrics の式）、実部をとってクリップ
def frechet_distance(mu1, sigma1, mu2, sigma2):
    s1, s2 = sigma1.double(), sigma2.double()
    ev = torch.linalg.eigvals(s1 @ s2)
    tr_covmean = torch.sqrt(ev.real.clamp_min(0)).sum()
    diff = (mu1 - mu2).double()
    return diff.dot(diff) + s1.trace() + s2.trace() - 2 * tr_covmean
