# title: cosine schedule without the 0.999 cap
# title_ja: コサインスケジュールで 0.999 の上限を付けていない
# diagnosis: Your last cosine beta looks like 1.0: without min(..., max_beta) the last step has alpha_T = 0 and 1 / sqrt(alpha_T) is infinite.
# diagnosis_ja: コサインの最後の beta が 1.0 になっているようです。min(..., max_beta) がないと alpha_T = 0 となり 1 / sqrt(alpha_T) が無限大になります。
def beta_schedule(kind: str, num_train_timesteps: int, beta_start: float = 1e-4,
                  beta_end: float = 0.02, max_beta: float = 0.999) -> torch.Tensor:
    if not isinstance(num_train_timesteps, int) or num_train_timesteps < 1:
        raise ValueError(f"num_train_timesteps={num_train_timesteps!r} must be an int >= 1")
    if kind == "linear":
        return torch.linspace(beta_start, beta_end, num_train_timesteps, dtype=torch.float64)
    if kind == "scaled_linear":
        return torch.linspace(beta_start ** 0.5, beta_end ** 0.5, num_train_timesteps,
                              dtype=torch.float64) ** 2
    if kind == "squaredcos_cap_v2":
        def abar(s):  # [IDDPM] eq. 17 with offset 0.008
            return math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        T = num_train_timesteps
        # [IDDPM] eq. 17 -> beta_t = 1 - abar_t / abar_{t-1}, clipped to max_beta
        betas = [1.0 - abar((i + 1) / T) / abar(i / T) for i in range(T)]
        return torch.tensor(betas, dtype=torch.float64)
    raise ValueError(f"kind={kind!r} is not supported; use 'linear', 'scaled_linear' or 'squaredcos_cap_v2'")


def alphas_cumprod_from_betas(betas: torch.Tensor) -> torch.Tensor:
    return torch.cumprod(1.0 - betas, dim=0)
