# title: the original NeRF code (exclusive cumprod with 1e-10)
# title_ja: 元の NeRF のコード（1e-10 を加えた排他的な累積積）
# diagnosis: valid: T = cumprod(1 - alpha + 1e-10) shifted right by one, as in nerf/run_nerf.py.
# diagnosis_ja: 正解: nerf/run_nerf.py と同じく T = cumprod(1 - alpha + 1e-10) を 1 つ右にずらす
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    dists = t_vals[..., 1:] - t_vals[..., :-1]
    dists = torch.cat([dists, torch.full_like(t_vals[..., :1], far_delta)], -1)
    dists = dists * torch.norm(ray_dirs[..., None, :], dim=-1)
    alpha = 1.0 - torch.exp(-sigma * dists)
    ones = torch.ones_like(alpha[..., :1])
    trans = torch.cumprod(torch.cat([ones, 1.0 - alpha + 1e-10], -1), -1)[..., :-1]
    weights = alpha * trans
    rgb_map = torch.sum(weights[..., None] * rgb, -2)
    return rgb_map, weights
