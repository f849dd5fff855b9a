# title: element-wise square root of Σ1 Σ2
# title_ja: Σ1 Σ2 の要素ごとの平方根を使った
# diagnosis: Your trace term looks like Σ_i sqrt((Σ1 Σ2)_ii), the element-wise square root; FID needs the MATRIX square root: tr (Σ1 Σ2)^{1/2} = Σ sqrt(eigenvalues of Σ1 Σ2) (case C01: this gives 2.580361).
# diagnosis_ja: トレースの項が要素ごとの平方根 Σ_i sqrt((Σ1 Σ2)_ii) になっているようです。FID に必要なのは「行列の」平方根で、tr (Σ1 Σ2)^{1/2} = Σ sqrt(Σ1 Σ2 の固有値) です（ケース C01: これは 2.580361 になります）。
def frechet_distance(mu1, sigma1, mu2, sigma2):
    mu1, mu2, sigma1, sigma2 = mu1.double(), mu2.double(), sigma1.double(), sigma2.double()
    covmean = torch.sqrt((sigma1 @ sigma2).clamp_min(0))
    diff = mu1 - mu2
    return diff @ diff + torch.trace(sigma1) + torch.trace(sigma2) - 2 * torch.trace(covmean)
