# title: num_steps taken as the number of intervals (num_steps + 1 points)
# title_ja: num_steps を区間の数と解釈した（num_steps + 1 点）
# diagnosis: Your result has num_steps + 1 rows: num_steps is the number of points, endpoints included, so t = torch.linspace(0, 1, num_steps).
# diagnosis_ja: 結果が num_steps + 1 行になっています。num_steps は両端を含む点の数なので t = torch.linspace(0, 1, num_steps) です。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps + 1, dtype=z0.dtype)[:, None]
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm())
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    so = torch.sin(omega)
    return (torch.sin((1 - t) * omega) / so) * z0[None] + (torch.sin(t * omega) / so) * z1[None]
