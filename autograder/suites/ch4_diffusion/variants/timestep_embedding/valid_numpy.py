# title: numpy in float64
# title_ja: numpy（float64）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def timestep_embedding(timesteps, embedding_dim, flip_sin_to_cos=False, downscale_freq_shift=1.0, scale=1.0,
                       max_period=10000):
    half = embedding_dim // 2
    freqs = np.exp(-np.log(max_period) * np.arange(half) / (half - downscale_freq_shift))
    args = scale * timesteps.double().cpu().numpy()[:, None] * freqs[None]
    parts = [np.cos(args), np.sin(args)] if flip_sin_to_cos else [np.sin(args), np.cos(args)]
    if embedding_dim % 2:
        parts.append(np.zeros((args.shape[0], 1)))
    out = torch.from_numpy(np.concatenate(parts, axis=1))
    return out if timesteps.dtype == torch.float64 else out.float()
