# title: numpy in float64
# title_ja: numpy（float64）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def ddim_step(model_output, t, x_t, timesteps, alphas_cumprod, eta=0.0, noise=None, prediction_type="epsilon",
              clip_sample=False, clip_sample_range=1.0, final_alpha_cumprod=1.0):
    ts = [int(v) for v in timesteps]
    k = ts.index(int(t))
    ac = alphas_cumprod.double().cpu().numpy()
    a = ac[t]
    a_prev = ac[ts[k + 1]] if k + 1 < len(ts) else float(final_alpha_cumprod)
    x, o = x_t.double().cpu().numpy(), model_output.double().cpu().numpy()
    if prediction_type == "epsilon":
        x0, eps = (x - np.sqrt(1 - a) * o) / np.sqrt(a), o
    elif prediction_type == "sample":
        x0, eps = o, (x - np.sqrt(a) * o) / np.sqrt(1 - a)
    else:
        x0, eps = np.sqrt(a) * x - np.sqrt(1 - a) * o, np.sqrt(a) * o + np.sqrt(1 - a) * x
    if clip_sample:
        x0 = np.clip(x0, -clip_sample_range, clip_sample_range)
    sigma = eta * np.sqrt((1 - a_prev) / (1 - a) * (1 - a / a_prev))
    out = np.sqrt(a_prev) * x0 + np.sqrt(1 - a_prev - sigma ** 2) * eps
    if eta > 0:
        out = out + sigma * noise.double().cpu().numpy()
    return torch.from_numpy(out).to(x_t.dtype)
