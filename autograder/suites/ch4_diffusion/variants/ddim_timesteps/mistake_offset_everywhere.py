# title: steps_offset added to every spacing
# title_ja: すべての spacing に steps_offset を足した
# diagnosis: Your trailing/linspace timesteps look shifted by steps_offset; diffusers applies steps_offset to the leading spacing only.
# diagnosis_ja: trailing / linspace の時刻が steps_offset だけずれているようです。diffusers は leading にだけ steps_offset を足します。
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
        return ts - 1 + steps_offset
    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0) + steps_offset
