# title: NumPy in float64
# title_ja: float64 の NumPy
# diagnosis: valid: w = 1 - abar[t] and the gradient in NumPy, returned as a tensor.
# diagnosis_ja: 正解: w = 1 - abar[t] と勾配を NumPy で計算してテンソルで返す
import numpy as np


def sds_gradient(eps_hat, eps, alphas_cumprod, t):
    a = alphas_cumprod.detach().cpu().numpy().astype(np.float64)[t.cpu().numpy()]
    w = (1.0 - a).reshape((-1,) + (1,) * (eps.dim() - 1))
    g = w * (eps_hat.detach().cpu().numpy().astype(np.float64) - eps.detach().cpu().numpy().astype(np.float64))
    return torch.from_numpy(g).to(eps.dtype)
