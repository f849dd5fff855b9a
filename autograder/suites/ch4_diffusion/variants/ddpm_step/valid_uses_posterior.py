# title: reuses posterior_coefficients, with a warning on stderr
# title_ja: posterior_coefficients を再利用（stderr に警告あり）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import sys


def ddpm_step(model_output, t, x_t, alphas_cumprod, noise=None, t_prev=None, prediction_type="epsilon",
              variance_type="fixed_small", clip_sample=False, clip_sample_range=1.0):
    print("ddpm_step called", file=sys.stderr)
    t_prev = t - 1 if t_prev is None else t_prev
    ac = alphas_cumprod.double()
    a_t = ac[t]
    a_prev = ac[t_prev] if t_prev >= 0 else torch.tensor(1.0, dtype=torch.float64)
    x, out = x_t.double(), model_output.double()
    if prediction_type == "epsilon":
        x0 = (x - (1 - a_t).sqrt() * out) / a_t.sqrt()
    elif prediction_type == "v_prediction":
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
    elif prediction_type == "sample":
        x0 = out
    else:
        raise ValueError(prediction_type)
    if clip_sample:
        x0 = torch.clamp(x0, -clip_sample_range, clip_sample_range)
    c0, ct, var = posterior_coefficients(ac, torch.tensor([t]), torch.tensor([t_prev]))
    x_prev = c0[0] * x0 + ct[0] * x
    if t > 0:
        v = var[0] if variance_type == "fixed_small" else 1 - a_t / a_prev
        x_prev = x_prev + v.sqrt() * noise.double()
    return x_prev.to(x_t.dtype)
