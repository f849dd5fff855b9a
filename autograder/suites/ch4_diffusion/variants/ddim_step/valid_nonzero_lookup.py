# title: timestep lookup with torch.nonzero, diffusers-style names
# title_ja: torch.nonzero で時刻を探す（diffusers 風の名前）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def ddim_step(model_output, t, x_t, timesteps, alphas_cumprod, eta=0.0, noise=None, prediction_type="epsilon",
              clip_sample=False, clip_sample_range=1.0, final_alpha_cumprod=1.0):
    timesteps = torch.as_tensor(timesteps)
    idx = int(torch.nonzero(timesteps == t)[0, 0])
    prev_t = int(timesteps[idx + 1]) if idx + 1 < len(timesteps) else -1
    alpha_prod_t = alphas_cumprod[t].double()
    alpha_prod_t_prev = (alphas_cumprod[prev_t].double() if prev_t >= 0
                         else torch.tensor(final_alpha_cumprod, dtype=torch.float64))
    beta_prod_t = 1 - alpha_prod_t
    sample, out = x_t.double(), model_output.double()
    if prediction_type == "epsilon":
        pred_x0, pred_eps = (sample - beta_prod_t.sqrt() * out) / alpha_prod_t.sqrt(), out
    elif prediction_type == "sample":
        pred_x0 = out
        pred_eps = (sample - alpha_prod_t.sqrt() * out) / beta_prod_t.sqrt()
    else:
        pred_x0 = alpha_prod_t.sqrt() * sample - beta_prod_t.sqrt() * out
        pred_eps = alpha_prod_t.sqrt() * out + beta_prod_t.sqrt() * sample
    if clip_sample:
        pred_x0 = pred_x0.clamp(-clip_sample_range, clip_sample_range)
    variance = (1 - alpha_prod_t_prev) / beta_prod_t * (1 - alpha_prod_t / alpha_prod_t_prev)
    std = eta * variance.sqrt()
    prev = alpha_prod_t_prev.sqrt() * pred_x0 + (1 - alpha_prod_t_prev - std ** 2).sqrt() * pred_eps
    if eta > 0:
        prev = prev + std * noise.double()
    return prev.to(x_t.dtype)
