# title: t without the endpoint (arange(num_steps) / num_steps)
# title_ja: t が終点を含まない（arange(num_steps) / num_steps）
# diagnosis: Your t looks like arange(num_steps) / num_steps (or linspace with endpoint=False), which never reaches z1: use t = torch.linspace(0, 1, num_steps), which includes both endpoints.
# diagnosis_ja: t が arange(num_steps) / num_steps（または endpoint=False の linspace）になっているようで、z1 に到達しません。両端を含む t = torch.linspace(0, 1, num_steps) を使ってください。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    if num_steps < 2:
        raise ValueError("num_steps must be >= 2")
    t = (torch.arange(num_steps, dtype=z0.dtype) / num_steps)[:, None]
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]
    if method != "slerp":
        raise ValueError(f"unknown method {method!r}")
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm())
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    so = torch.sin(omega)
    return (torch.sin((1 - t) * omega) / so) * z0[None] + (torch.sin(t * omega) / so) * z1[None]
