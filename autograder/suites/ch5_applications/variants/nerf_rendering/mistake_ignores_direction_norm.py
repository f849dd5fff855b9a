# title: distances not multiplied by the ray-direction norm
# title_ja: 区間の長さに光線方向のノルムを掛けなかった
# diagnosis: Your weights ignore the length of the ray direction: multiply delta_i = t_{i+1} - t_i by ||d|| (d is not a unit vector).
# diagnosis_ja: 重みが光線方向の長さを無視しています。delta_i = t_{i+1} - t_i に ||d|| を掛けてください（d は単位ベクトルではありません）。
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    if sigma.dim() != 2 or t_vals.shape != sigma.shape or rgb.shape != (*sigma.shape, 3) \
            or ray_dirs.shape != (sigma.shape[0], 3):
        raise ValueError(f"expected sigma (R, S), rgb (R, S, 3), t_vals (R, S), ray_dirs (R, 3); got "
                         f"{tuple(sigma.shape)}, {tuple(rgb.shape)}, {tuple(t_vals.shape)}, {tuple(ray_dirs.shape)}")
    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
    dists = torch.cat([dists, last], dim=1)  # (1) (R, S)
    tau = sigma * dists  # optical depth of each interval
    alpha = 1.0 - torch.exp(-tau)  # (2)
    # exclusive cumulative sum (NOT cumsum(tau) - tau: the last tau is ~1e10 and would
    # swallow the sum before it in floating point)
    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
    trans = torch.exp(-depth_before)  # (3)
    weights = trans * alpha  # (4) (R, S)
    rgb_map = (weights[..., None] * rgb).sum(dim=1)  # (R, 3)
    return rgb_map, weights
