# title: Python lists with round() (half to even)
# title_ja: Python のリストと round()（偶数丸め）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def ddim_timesteps(num_train_timesteps, num_inference_steps, spacing="leading", steps_offset=0):
    T, n = num_train_timesteps, num_inference_steps
    if spacing == "leading":
        ts = [i * (T // n) + steps_offset for i in range(n)][::-1]
    elif spacing == "trailing":
        ts = [round(T - i * T / n) - 1 for i in range(n)]
    elif spacing == "linspace":
        ts = [round(i * (T - 1) / (n - 1)) if n > 1 else 0 for i in range(n)][::-1]
    else:
        raise ValueError(f"unknown spacing {spacing!r}")
    return torch.tensor(ts, dtype=torch.int64)
