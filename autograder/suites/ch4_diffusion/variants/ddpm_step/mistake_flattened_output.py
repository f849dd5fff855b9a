# title: the step returns its result flattened to (N, 1)
# title_ja: ステップの結果を (N, 1) に平坦化して返した
# diagnosis: Your step returns another shape than x_t; return a tensor of x_t's shape.
# diagnosis_ja: ステップの出力の形状が x_t と違います。x_t と同じ形状のテンソルを返してください。
def ddpm_step(model_output: torch.Tensor, t: int, x_t: torch.Tensor, alphas_cumprod: torch.Tensor,
              noise: torch.Tensor | None = None, t_prev: int | None = None,
              prediction_type: str = "epsilon", variance_type: str = "fixed_small",
              clip_sample: bool = False, clip_sample_range: float = 1.0) -> torch.Tensor:
    if prediction_type not in ("epsilon", "v_prediction", "sample"):
        raise ValueError(f"prediction_type={prediction_type!r}; use 'epsilon', 'v_prediction' or 'sample'")
    if variance_type not in ("fixed_small", "fixed_large"):
        raise ValueError(f"variance_type={variance_type!r}; use 'fixed_small' or 'fixed_large'")
    t = int(t)
    t_prev = t - 1 if t_prev is None else int(t_prev)
    if t > 0 and noise is None:
        raise ValueError("noise is required when t > 0 (pass a standard-normal tensor like x_t)")
    x = x_t.to(torch.float64)
    out = model_output.to(torch.float64)
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = ac[t_prev] if t_prev >= 0 else torch.ones((), dtype=torch.float64)
    # (1) predicted x_0 ([DDPM] eq. 15; v-prediction [PD] eq. 31)
    if prediction_type == "epsilon":
        x0 = (x - (1 - a_t).sqrt() * out) / a_t.sqrt()
    elif prediction_type == "v_prediction":
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
    else:
        x0 = out
    # (2) optional clipping of x_0 to the data range
    if clip_sample:
        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
    # (3) posterior mean ([DDPM] eq. 7) with the effective beta of the (possibly skipped) step
    beta_eff = 1 - a_t / a_prev
    mean = (a_prev.sqrt() * beta_eff / (1 - a_t)) * x0 + ((1 - beta_eff).sqrt() * (1 - a_prev) / (1 - a_t)) * x
    if t == 0:
        return mean.to(x_t.dtype)
    # (4) variance: beta-tilde (fixed_small, [DDPM] eq. 7) or beta_eff (fixed_large), then add sigma * z
    if variance_type == "fixed_small":
        sigma2 = ((1 - a_prev) / (1 - a_t) * beta_eff).clamp_min(1e-20)
    else:
        sigma2 = beta_eff
    return (mean + sigma2.sqrt() * noise.to(torch.float64)).to(x_t.dtype).reshape(-1, 1)  # flattened


# ---------------------------------------------------------------------------
# 3. Score-based view
# ---------------------------------------------------------------------------
