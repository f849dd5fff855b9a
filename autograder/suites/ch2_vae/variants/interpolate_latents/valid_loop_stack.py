# title: a loop over the steps with torch.stack, t = i / (num_steps - 1)
# title_ja: ステップごとのループと torch.stack、t = i / (num_steps - 1)
def interpolate_latents(z0, z1, num_steps, method="linear"):
    if method not in ("linear", "slerp"):
        raise ValueError(f"unknown method {method!r}")
    omega = torch.arccos(torch.clamp(z0 @ z1 / (z0.norm() * z1.norm()), -1.0, 1.0))
    points = []
    for i in range(num_steps):
        t = i / (num_steps - 1)
        if method == "slerp" and torch.sin(omega).abs() > 1e-7:
            points.append((torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega))
        else:
            points.append(z0 + t * (z1 - z0))
    return torch.stack(points)
