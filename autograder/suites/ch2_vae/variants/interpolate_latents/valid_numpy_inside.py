# title: numpy inside, torch at the boundary
# title_ja: 中は numpy、入出力は torch
import numpy as np


def _slerp_np(a, b, t):
    cos = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    omega = np.arccos(np.clip(cos, -1.0, 1.0))
    if abs(np.sin(omega)) < 1e-7:
        return (1 - t) * a + t * b
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def interpolate_latents(z0, z1, num_steps, method="linear"):
    if num_steps < 2:
        raise ValueError(f"num_steps must be >= 2, got {num_steps}")
    a = z0.detach().cpu().numpy().astype(np.float64)
    b = z1.detach().cpu().numpy().astype(np.float64)
    ts = np.linspace(0.0, 1.0, num_steps)
    if method == "linear":
        rows = [(1 - t) * a + t * b for t in ts]
    elif method == "slerp":
        rows = [_slerp_np(a, b, t) for t in ts]
    else:
        raise ValueError(f"unknown method {method!r}")
    return torch.from_numpy(np.stack(rows)).to(dtype=z0.dtype, device=z0.device)
