# title: leading timesteps in ascending order
# title_ja: leading の時刻を昇順のまま返した
# diagnosis: Your leading timesteps are ascending; sampling goes from noise to data, so the list is descending.
# diagnosis_ja: leading の時刻が昇順になっています。生成はノイズからデータへ進むので、時刻列は降順です。
def ddim_timesteps(num_train_timesteps: int, num_inference_steps: int, spacing: str = "leading",
                   steps_offset: int = 0) -> torch.Tensor:
    if spacing not in ("leading", "trailing", "linspace"):
        raise ValueError(f"spacing={spacing!r}; use 'leading', 'trailing' or 'linspace'")
    T, n = num_train_timesteps, num_inference_steps
    if not 1 <= n <= T:
        raise ValueError(f"num_inference_steps={n} must be between 1 and num_train_timesteps={T}")
    if spacing == "leading":
        ts = torch.arange(n, dtype=torch.int64) * (T // n)
        return ts + steps_offset
    if spacing == "trailing":
        # np.round(np.arange(T, 0, -T / n)) - 1, computed in float64 with round-half-even
        ts = torch.round(T - torch.arange(n, dtype=torch.float64) * (T / n)).to(torch.int64)
        return ts - 1
    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)
