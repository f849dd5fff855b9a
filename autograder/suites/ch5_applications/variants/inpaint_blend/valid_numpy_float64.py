# title: NumPy in float64
# title_ja: float64 の NumPy
# diagnosis: valid: the blend in NumPy float64, converted back to the input dtype.
# diagnosis_ja: 正解: NumPy（float64）で合成し、入力の dtype に戻す
import numpy as np


def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    g, k, n, m = (t.detach().cpu().numpy().astype(np.float64) for t in (x_gen, x0_known, noise, mask))
    a = np.asarray(alpha_bar.detach().cpu().numpy() if torch.is_tensor(alpha_bar) else alpha_bar, dtype=np.float64)
    a = a.reshape((-1,) + (1,) * (g.ndim - 1))
    known = np.sqrt(a) * k + np.sqrt(1.0 - a) * n
    return torch.from_numpy(m * g + (1.0 - m) * known).to(x_gen.dtype)
