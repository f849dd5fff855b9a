# title: linear schedule without its last point
# title_ja: linear スケジュールで終点を含めていない
# diagnosis: Your linear betas look like arange-style steps that never reach beta_end; torch.linspace includes both endpoints.
# diagnosis_ja: linear の beta が終点 beta_end に届かない arange 風の刻みになっているようです。torch.linspace は両端を含みます。
def beta_schedule(kind: str, num_train_timesteps: int, beta_start: float = 1e-4,
                  beta_end: float = 0.02, max_beta: float = 0.999) -> torch.Tensor:
    if not isinstance(num_train_timesteps, int) or num_train_timesteps < 1:
        raise ValueError(f"num_train_timesteps={num_train_timesteps!r} must be an int >= 1")
    if kind == "linear":
        return beta_start + (beta_end - beta_start) * torch.arange(num_train_timesteps, dtype=torch.float64) / num_train_timesteps
    if kind == "scaled_linear":
        return torch.linspace(beta_start ** 0.5, beta_end ** 0.5, num_train_timesteps,
                              dtype=torch.float64) ** 2
    if kind == "squaredcos_cap_v2":
        def abar(s):  # [IDDPM] eq. 17 with offset 0.008
            return math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        T = num_train_timesteps
        # [IDDPM] eq. 17 -> beta_t = 1 - abar_t / abar_{t-1}, clipped to max_beta
        betas = [min(1.0 - abar((i + 1) / T) / abar(i / T), max_beta) for i in range(T)]
        return torch.tensor(betas, dtype=torch.float64)
    raise ValueError(f"kind={kind!r} is not supported; use 'linear', 'scaled_linear' or 'squaredcos_cap_v2'")


def alphas_cumprod_from_betas(betas: torch.Tensor) -> torch.Tensor:
    return torch.cumprod(1.0 - betas, dim=0)
