# title: numpy in float64, torch at the boundary
# title_ja: numpy（float64）で計算、入出力は torch
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import numpy as np


def adain(x, style_scale, style_bias, eps=1e-5):
    a = x.detach().cpu().double().numpy()
    mu = a.mean(axis=(2, 3), keepdims=True)
    var = a.var(axis=(2, 3), keepdims=True)  # numpy's var is biased (ddof=0)
    s = style_scale.detach().cpu().double().numpy()[:, :, None, None]
    t = style_bias.detach().cpu().double().numpy()[:, :, None, None]
    out = s * (a - mu) / np.sqrt(var + eps) + t
    return torch.from_numpy(out).to(dtype=x.dtype, device=x.device)
