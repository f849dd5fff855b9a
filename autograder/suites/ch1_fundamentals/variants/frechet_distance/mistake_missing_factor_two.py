# title: cross term without the factor 2
# title_ja: 交差項の係数 2 を忘れた
# diagnosis: Your distance is too large by tr (Σ1 Σ2)^{1/2}: the cross term is -2 tr (Σ1 Σ2)^{1/2}.
# diagnosis_ja: 距離が tr (Σ1 Σ2)^{1/2} だけ大きすぎます。交差項は -2 tr (Σ1 Σ2)^{1/2} です。
def frechet_distance(mu1, sigma1, mu2, sigma2):
    s1, s2 = sigma1.double(), sigma2.double()
    ev = torch.linalg.eigvals(s1 @ s2).real.clamp_min(0)
    diff = (mu1 - mu2).double()
    return diff @ diff + torch.trace(s1) + torch.trace(s2) - torch.sqrt(ev).sum()
