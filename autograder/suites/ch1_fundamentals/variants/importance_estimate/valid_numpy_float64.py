# title: numpy float64 with the max trick, result back in the input dtype
# title_ja: numpy の float64 と max トリック、結果は入力の dtype に戻す
import numpy as np


def importance_estimate(f_values, log_p, log_q):
    lw = (log_p.double() - log_q.double()).numpy()
    w = np.exp(lw - lw.max())
    w = w / w.sum()
    f = f_values.double().numpy()
    est = np.einsum("s,s...->...", w, f)
    return torch.as_tensor(est).to(f_values.dtype)
