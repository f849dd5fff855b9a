# title: numpy in float64, torch at the boundary
# title_ja: numpy（float64）で計算し torch で返す
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def beta_schedule(kind, num_train_timesteps, beta_start=1e-4, beta_end=0.02, max_beta=0.999):
    T = num_train_timesteps
    if kind == "linear":
        b = np.linspace(beta_start, beta_end, T)
    elif kind == "scaled_linear":
        b = np.linspace(np.sqrt(beta_start), np.sqrt(beta_end), T) ** 2
    elif kind == "squaredcos_cap_v2":
        s = np.arange(T + 1) / T
        f = np.cos((s + 0.008) / 1.008 * np.pi / 2) ** 2
        b = np.minimum(1 - f[1:] / f[:-1], max_beta)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return torch.from_numpy(b)


def alphas_cumprod_from_betas(betas):
    return torch.from_numpy(np.cumprod(1 - betas.double().numpy())).to(betas.dtype)
