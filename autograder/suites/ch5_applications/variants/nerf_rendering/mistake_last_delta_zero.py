# title: last interval of length 0 instead of 'infinite'
# title_ja: 最後の区間の長さを「無限大」ではなく 0 にした
# diagnosis: Your last sample has zero weight: NeRF gives the last interval an 'infinite' length (far_delta = 1e10), so an opaque ray's weights sum to 1.
# diagnosis_ja: 最後のサンプルの重みが 0 です。NeRF は最後の区間を「無限大」（far_delta = 1e10）とするので、不透明な光線の重みの和は 1 になります。
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    if sigma.dim() != 2 or t_vals.shape != sigma.shape or rgb.shape != (*sigma.shape, 3) \
            or ray_dirs.shape != (sigma.shape[0], 3):
        raise ValueError(f"expected sigma (R, S), rgb (R, S, 3), t_vals (R, S), ray_dirs (R, 3); got "
                         f"{tuple(sigma.shape)}, {tuple(rgb.shape)}, {tuple(t_vals.shape)}, {tuple(ray_dirs.shape)}")
    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
    last = torch.zeros_like(t_vals[:, :1])  # (R, 1)
    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
    tau = sigma * dists  # optical depth of each interval
    alpha = 1.0 - torch.exp(-tau)  # (2)
    # exclusive cumulative sum (NOT cumsum(tau) - tau: the last tau is ~1e10 and would
    # swallow the sum before it in floating point)
    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
    trans = torch.exp(-depth_before)  # (3)
    weights = trans * alpha  # (4) (R, S)
    rgb_map = (weights[..., None] * rgb).sum(dim=1)  # (R, 3)
    return rgb_map, weights
