# title: scipy.linalg.sqrtm without taking the real part
# title_ja: scipy.linalg.sqrtm の結果の実部をとらなかった
# diagnosis: Your distance is a complex number (or fails) when Σ1 Σ2 is singular: sqrtm returns a complex matrix with tiny imaginary parts. Use the eigenvalues of Σ1 Σ2 (real, >= 0 after clamping) instead, so the result is always real and finite (case C02).
# diagnosis_ja: Σ1 Σ2 が特異なとき距離が複素数になる（または失敗する）ようです。sqrtm はわずかな虚部をもつ複素行列を返します。代わりに Σ1 Σ2 の固有値（クリップ後は 0 以上の実数）を使えば、結果は常に有限の実数になります（ケース C02）。
import numpy as np
import scipy.linalg


def frechet_distance(mu1, sigma1, mu2, sigma2):
    s1, s2 = sigma1.double().numpy(), sigma2.double().numpy()
    covmean = scipy.linalg.sqrtm(s1 @ s2)
    diff = (mu1 - mu2).double().numpy()
    fd = diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean)
    return torch.as_tensor(np.asarray(fd))
