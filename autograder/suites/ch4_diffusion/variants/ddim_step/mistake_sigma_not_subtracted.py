# title: sigma^2 not subtracted in the direction term
# title_ja: 方向の項で σ² を引いていない
# diagnosis: With eta > 0 your x_prev looks like sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps + sigma z; the direction term is sqrt(1 - abar_prev - sigma^2) eps.
# diagnosis_ja: eta > 0 で x_prev が sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps + σ z になっているようです。方向の項は sqrt(1 - abar_prev - σ²) eps です。
def ddim_step(model_output: torch.Tensor, t: int, x_t: torch.Tensor, timesteps: torch.Tensor,
              alphas_cumprod: torch.Tensor, eta: float = 0.0, noise: torch.Tensor | None = None,
              prediction_type: str = "epsilon", clip_sample: bool = False,
              clip_sample_range: float = 1.0, final_alpha_cumprod: float = 1.0) -> torch.Tensor:
    if prediction_type not in ("epsilon", "v_prediction", "sample"):
        raise ValueError(f"prediction_type={prediction_type!r}; use 'epsilon', 'v_prediction' or 'sample'")
    ts = [int(v) for v in torch.as_tensor(timesteps).reshape(-1).tolist()]
    t = int(t)
    if t not in ts:
        raise ValueError(f"t={t} is not in timesteps {ts}")
    if eta > 0 and noise is None:
        raise ValueError("noise is required when eta > 0")
    i = ts.index(t)
    # (1) previous timestep: the next element of the list, not t - T // n
    t_prev = ts[i + 1] if i + 1 < len(ts) else -1
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = ac[t_prev] if t_prev >= 0 else torch.tensor(float(final_alpha_cumprod), dtype=torch.float64)
    x = x_t.to(torch.float64)
    out = model_output.to(torch.float64)
    # (2) x0_hat and eps_hat ([DDIM] eq. 12 "predicted x_0")
    if prediction_type == "epsilon":
        x0, eps = (x - (1 - a_t).sqrt() * out) / a_t.sqrt(), out
    elif prediction_type == "sample":
        x0 = out
        eps = (x - a_t.sqrt() * x0) / (1 - a_t).sqrt()
    else:
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
        eps = a_t.sqrt() * out + (1 - a_t).sqrt() * x
    if clip_sample:
        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
    # (3) sigma_t(eta), [DDIM] eq. 16
    sigma = eta * ((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)).sqrt()
    # (4) [DDIM] eq. 12
    x_prev = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
    if eta > 0:
        x_prev = x_prev + sigma * noise.to(torch.float64)
    return x_prev.to(x_t.dtype)
