# title: trailing spacing without the final - 1
# title_ja: trailing で最後の - 1 を忘れた
# diagnosis: Your trailing timesteps start at T (e.g. 1000), which is not a valid index; subtract 1 so they start at T - 1.
# diagnosis_ja: trailing の時刻が T（例: 1000）から始まっていますが、これは有効なインデックスではありません。1 を引いて T - 1 から始めます。
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
        return ts
    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)
