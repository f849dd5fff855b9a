# title: ‖μ1 - μ2‖ instead of ‖μ1 - μ2‖²
# title_ja: ‖μ1 - μ2‖² ではなく ‖μ1 - μ2‖ を使った
# diagnosis: Your mean term looks like the norm ‖μ1 - μ2‖; the Fréchet distance uses its square ‖μ1 - μ2‖² = Σ (μ1 - μ2)².
# diagnosis_ja: 平均の項がノルム ‖μ1 - μ2‖ になっているようです。フレシェ距離ではその二乗 ‖μ1 - μ2‖² = Σ (μ1 - μ2)² を使います。
def frechet_distance(mu1, sigma1, mu2, sigma2):
    s1, s2 = sigma1.double(), sigma2.double()
    ev = torch.linalg.eigvals(s1 @ s2).real.clamp_min(0)
    return torch.linalg.norm((mu1 - mu2).double()) + torch.trace(s1) + torch.trace(s2) - 2 * torch.sqrt(ev).sum()
