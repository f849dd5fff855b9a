# title: power iteration in numpy float64
# title_ja: numpy（float64）でべき乗法
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import numpy as np


def spectral_norm_weight(weight, v, n_iter=1, *, transposed=False, eps=1e-12):
    w = weight.detach().cpu().double().numpy()
    if transposed:
        w = np.swapaxes(w, 0, 1)
    W = w.reshape(w.shape[0], -1)
    vv = v.detach().cpu().double().numpy()
    for _ in range(n_iter):
        u = W @ vv
        u = u / max(np.linalg.norm(u), eps)
        vv = W.T @ u
        vv = vv / max(np.linalg.norm(vv), eps)
    sigma = float(u @ W @ vv)
    to = dict(dtype=weight.dtype, device=weight.device)
    return weight / sigma, torch.tensor(u, **to), torch.tensor(vv, **to), torch.tensor(sigma, **to)
