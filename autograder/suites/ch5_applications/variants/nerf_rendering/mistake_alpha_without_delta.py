# title: alpha = 1 - exp(-sigma) without the interval length
# title_ja: alpha = 1 - exp(-sigma)（区間の長さを掛けなかった）
# diagnosis: Your opacities ignore the sample spacing: alpha_i = 1 - exp(-sigma_i * delta_i), with delta_i = (t_{i+1} - t_i) * ||d||.
# diagnosis_ja: 不透明度がサンプル間隔を無視しています。alpha_i = 1 - exp(-sigma_i * delta_i)、delta_i = (t_{i+1} - t_i) * ||d|| です。
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    if sigma.dim() != 2 or t_vals.shape != sigma.shape or rgb.shape != (*sigma.shape, 3) \
            or ray_dirs.shape != (sigma.shape[0], 3):
        raise ValueError(f"expected sigma (R, S), rgb (R, S, 3), t_vals (R, S), ray_dirs (R, 3); got "
                         f"{tuple(sigma.shape)}, {tuple(rgb.shape)}, {tuple(t_vals.shape)}, {tuple(ray_dirs.shape)}")
    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
    tau = sigma  # optical depth of each interval
    alpha = 1.0 - torch.exp(-tau)  # (2)
    # exclusive cumulative sum (NOT cumsum(tau) - tau: the last tau is ~1e10 and would
    # swallow the sum before it in floating point)
    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
    trans = torch.exp(-depth_before)  # (3)
    weights = trans * alpha  # (4) (R, S)
    rgb_map = (weights[..., None] * rgb).sum(dim=1)  # (R, 3)
    return rgb_map, weights
