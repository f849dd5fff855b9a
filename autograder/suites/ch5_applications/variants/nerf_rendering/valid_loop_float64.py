# title: per-sample loop in float64
# title_ja: float64 でサンプルごとのループ
# diagnosis: valid: transmittance carried along the ray in a loop, in float64.
# diagnosis_ja: 正解: 透過率をループで光線に沿って更新（float64）
import warnings


def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    warnings.warn("slow loop implementation", RuntimeWarning)
    s64, c64, t64 = sigma.double(), rgb.double(), t_vals.double()
    norm = ray_dirs.double().norm(dim=1)
    r, s = s64.shape
    weights = torch.zeros(r, s, dtype=torch.float64, device=sigma.device)
    trans = torch.ones(r, dtype=torch.float64, device=sigma.device)
    for i in range(s):
        delta = (t64[:, i + 1] - t64[:, i]) if i + 1 < s else torch.full((r,), far_delta, dtype=torch.float64, device=sigma.device)
        alpha = 1 - torch.exp(-s64[:, i] * delta * norm)
        weights[:, i] = trans * alpha
        trans = trans * (1 - alpha)
    rgb_map = (weights[..., None] * c64).sum(1)
    return rgb_map.to(sigma.dtype), weights.to(sigma.dtype)
