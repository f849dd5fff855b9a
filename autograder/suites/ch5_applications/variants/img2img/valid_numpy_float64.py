# title: NumPy float64 start latent, list-based timesteps
# title_ja: NumPy（float64）の開始潜在変数と、リストによるタイムステップ
# diagnosis: valid: the same rule written with a Python list, the noising in NumPy float64.
# diagnosis_ja: 正解: 同じ規則を Python のリストで書き、ノイズ付加は NumPy（float64）
import numpy as np


def img2img_timesteps(timesteps, num_inference_steps, strength, order=1):
    init_timestep = min(int(num_inference_steps * strength), num_inference_steps)
    t_start = max(num_inference_steps - init_timestep, 0)
    kept = [int(t) for t in timesteps.tolist()][t_start * order:]
    return torch.tensor(kept, dtype=torch.int64)


def img2img_start_latent(x0, noise, alphas_cumprod, timestep):
    a = alphas_cumprod.detach().cpu().numpy().astype(np.float64)[timestep.cpu().numpy()]
    a = a.reshape((-1,) + (1,) * (x0.dim() - 1))
    out = np.sqrt(a) * x0.cpu().numpy().astype(np.float64) + np.sqrt(1 - a) * noise.cpu().numpy().astype(np.float64)
    return torch.from_numpy(out).to(x0.dtype)
