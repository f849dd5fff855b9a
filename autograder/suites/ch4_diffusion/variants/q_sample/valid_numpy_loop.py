# title: numpy, one sample at a time
# title_ja: numpy で 1 サンプルずつ
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def q_sample(x0, t, noise, alphas_cumprod):
    ac = alphas_cumprod.double().cpu().numpy()
    x, n = x0.double().cpu().numpy(), noise.double().cpu().numpy()
    out = np.stack([np.sqrt(ac[int(ti)]) * x[i] + np.sqrt(1 - ac[int(ti)]) * n[i] for i, ti in enumerate(t.tolist())])
    return torch.from_numpy(out).to(x0.dtype)
