# title: inclusive transmittance (cumprod includes the sample itself)
# title_ja: 透過率に自分自身のサンプルまで含めた（包含的な累積積）
# diagnosis: Your weights look computed with T_i = prod_{j<=i} (1 - alpha_j); transmittance is EXCLUSIVE: the product stops before sample i (T_0 = 1).
# diagnosis_ja: 重みが T_i = Π_{j<=i} (1 - alpha_j) で計算されているようです。透過率は排他的で、積はサンプル i の手前までです（T_0 = 1）。
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    if sigma.dim() != 2 or t_vals.shape != sigma.shape or rgb.shape != (*sigma.shape, 3) \
            or ray_dirs.shape != (sigma.shape[0], 3):
        raise ValueError(f"expected sigma (R, S), rgb (R, S, 3), t_vals (R, S), ray_dirs (R, 3); got "
                         f"{tuple(sigma.shape)}, {tuple(rgb.shape)}, {tuple(t_vals.shape)}, {tuple(ray_dirs.shape)}")
    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
    tau = sigma * dists  # optical depth of each interval
    alpha = 1.0 - torch.exp(-tau)  # (2)
    # exclusive cumulative sum (NOT cumsum(tau) - tau: the last tau is ~1e10 and would
    # swallow the sum before it in floating point)
    depth_before = torch.cumsum(tau, dim=1)
    trans = torch.exp(-depth_before)  # (3)
    weights = trans * alpha  # (4) (R, S)
    rgb_map = (weights[..., None] * rgb).sum(dim=1)  # (R, 3)
    return rgb_map, weights
