# title: t_start computed as int(n * (1 - strength))
# title_ja: t_start を int(n * (1 - strength)) で計算した
# diagnosis: Your timesteps start one step late for some strengths: t_start = n - int(n * strength), which is not int(n * (1 - strength)) when n * strength is not an integer.
# diagnosis_ja: strength によってはタイムステップが 1 つ遅く始まります。t_start = n - int(n * strength) であり、n * strength が整数でないとき int(n * (1 - strength)) とは違います。
def img2img_timesteps(timesteps, num_inference_steps, strength, order=1):
    if not 0.0 <= float(strength) <= 1.0:
        raise ValueError(f"strength must be in [0.0, 1.0], got {strength}")
    if int(num_inference_steps) < 1:
        raise ValueError(f"num_inference_steps must be a positive integer, got {num_inference_steps}")
    init_timestep = min(int(num_inference_steps * strength), num_inference_steps)  # (1)
    t_start = max(int(num_inference_steps * (1 - strength)), 0)  # (2)
    return timesteps[t_start * order:]  # (3)


def img2img_start_latent(x0, noise, alphas_cumprod, timestep):
    if noise.shape != x0.shape:
        raise ValueError(f"noise shape {tuple(noise.shape)} must equal x0 shape {tuple(x0.shape)}")
    timestep = torch.as_tensor(timestep).reshape(-1)
    if timestep.shape[0] != x0.shape[0]:
        raise ValueError(f"timestep must have one entry per sample: got {timestep.shape[0]} for batch {x0.shape[0]}")
    if bool((timestep < 0).any()) or bool((timestep >= alphas_cumprod.shape[0]).any()):
        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {timestep.tolist()}")
    abar = alphas_cumprod.to(x0.dtype)[timestep.long()]  # (B,)
    abar = abar.reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise
