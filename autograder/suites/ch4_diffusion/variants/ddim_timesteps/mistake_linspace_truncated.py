# title: linspace values truncated instead of rounded
# title_ja: linspace の値を丸めずに切り捨てた
# diagnosis: Your linspace timesteps look truncated toward zero (.long()); round them first (torch.round, half to even).
# diagnosis_ja: linspace の時刻が 0 方向に切り捨て（.long()）られているようです。先に丸めます（torch.round、偶数丸め）。
def ddim_timesteps(num_train_timesteps: int, num_inference_steps: int, spacing: str = "leading",
                   steps_offset: int = 0) -> torch.Tensor:
    if spacing not in ("leading", "trailing", "linspace"):
        raise ValueError(f"spacing={spacing!r}; use 'leading', 'trailing' or 'linspace'")
    T, n = num_train_timesteps, num_inference_steps
    if not 1 <= n <= T:
        raise ValueError(f"num_inference_steps={n} must be between 1 and num_train_timesteps={T}")
    if spacing == "leading":
        ts = torch.arange(n, dtype=torch.int64) * (T // n)
        return ts.flip(0) + steps_offset
    if spacing == "trailing":
        # np.round(np.arange(T, 0, -T / n)) - 1, computed in float64 with round-half-even
        ts = torch.round(T - torch.arange(n, dtype=torch.float64) * (T / n)).to(torch.int64)
        return ts - 1
    return torch.linspace(0, T - 1, n, dtype=torch.float64).to(torch.int64).flip(0)
