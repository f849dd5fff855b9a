# title: written like diffusers' DDPMScheduler.step
# title_ja: diffusers の DDPMScheduler.step と同じ書き方
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def ddpm_step(model_output, t, x_t, alphas_cumprod, noise=None, t_prev=None, prediction_type="epsilon",
              variance_type="fixed_small", clip_sample=False, clip_sample_range=1.0):
    prev_t = t - 1 if t_prev is None else t_prev
    alpha_prod_t = alphas_cumprod[t].double()
    alpha_prod_t_prev = alphas_cumprod[prev_t].double() if prev_t >= 0 else torch.tensor(1.0, dtype=torch.float64)
    beta_prod_t, beta_prod_t_prev = 1 - alpha_prod_t, 1 - alpha_prod_t_prev
    current_alpha_t = alpha_prod_t / alpha_prod_t_prev
    current_beta_t = 1 - current_alpha_t
    sample, model_output = x_t.double(), model_output.double()
    if prediction_type == "epsilon":
        pred = (sample - beta_prod_t ** 0.5 * model_output) / alpha_prod_t ** 0.5
    elif prediction_type == "sample":
        pred = model_output
    else:
        pred = alpha_prod_t ** 0.5 * sample - beta_prod_t ** 0.5 * model_output
    if clip_sample:
        pred = pred.clamp(-clip_sample_range, clip_sample_range)
    prev = (alpha_prod_t_prev ** 0.5 * current_beta_t / beta_prod_t) * pred \
        + (current_alpha_t ** 0.5 * beta_prod_t_prev / beta_prod_t) * sample
    if t > 0:
        variance = (1 - alpha_prod_t_prev) / (1 - alpha_prod_t) * current_beta_t
        if variance_type == "fixed_large":
            variance = current_beta_t
        prev = prev + torch.clamp(variance, min=1e-20) ** 0.5 * noise.double()
    return prev.to(x_t.dtype)
