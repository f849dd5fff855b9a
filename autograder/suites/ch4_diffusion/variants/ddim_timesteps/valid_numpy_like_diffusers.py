# title: numpy, exactly as DDIMScheduler.set_timesteps
# title_ja: DDIMScheduler.set_timesteps と同じ numpy 実装
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def ddim_timesteps(num_train_timesteps, num_inference_steps, spacing="leading", steps_offset=0):
    T, n = num_train_timesteps, num_inference_steps
    if spacing == "linspace":
        ts = np.linspace(0, T - 1, n).round()[::-1].copy().astype(np.int64)
    elif spacing == "leading":
        ts = (np.arange(0, n) * (T // n)).round()[::-1].copy().astype(np.int64) + steps_offset
    elif spacing == "trailing":
        ts = np.round(np.arange(T, 0, -T / n)).astype(np.int64) - 1
    else:
        raise ValueError(spacing)
    return torch.from_numpy(ts)
