# title: previous timestep computed as t - T // n
# title_ja: 前の時刻を t - T // n で計算した
# diagnosis: Your step looks like it goes to t - T // n (as diffusers' DDIMScheduler does); for trailing or linspace spacing that is not the next timestep of the list (e.g. 923 instead of 922): take the next element of timesteps.
# diagnosis_ja: t - T // n に進んでいるようです（diffusers の DDIMScheduler と同じ）。trailing や linspace では、それは時刻列の次の要素ではありません（例: 922 ではなく 923）。timesteps の次の要素を使ってください。
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
    t_prev = t - alphas_cumprod.shape[0] // len(ts)
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
    x_prev = a_prev.sqrt() * x0 + (1 - a_prev - sigma ** 2).sqrt() * eps
    if eta > 0:
        x_prev = x_prev + sigma * noise.to(torch.float64)
    return x_prev.to(x_t.dtype)
