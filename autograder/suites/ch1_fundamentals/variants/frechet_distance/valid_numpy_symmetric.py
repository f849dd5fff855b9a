# title: numpy eigh of sqrt(Σ1) Σ2 sqrt(Σ1), with a note on stderr
# title_ja: numpy の eigh で sqrt(Σ1) Σ2 sqrt(Σ1) を分解、stderr にメモ
import sys
import numpy as np


def frechet_distance(mu1, sigma1, mu2, sigma2):
    s1 = sigma1.detach().double().numpy()
    s2 = sigma2.detach().double().numpy()
    w, v = np.linalg.eigh((s1 + s1.T) / 2)
    root = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    m = root @ s2 @ root
    lam = np.linalg.eigvalsh((m + m.T) / 2)
    print(f"smallest eigenvalue {lam.min():.3e}", file=sys.stderr)
    diff = (mu1 - mu2).detach().double().numpy()
    fd = diff @ diff + np.trace(s1) + np.trace(s2) - 2 * np.sqrt(np.clip(lam, 0, None)).sum()
    return torch.tensor(float(fd), dtype=torch.float64)
