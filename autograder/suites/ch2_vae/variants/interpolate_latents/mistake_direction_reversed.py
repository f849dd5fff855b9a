# title: interpolation from z1 to z0
# title_ja: z1 から z0 へ逆向きに補間した
# diagnosis: Your path runs from z1 to z0 (the first row is z1): the first row must be z0 (t = 0) and the last z1 (t = 1), z(t) = z0 + t (z1 - z0).
# diagnosis_ja: 補間が z1 から z0 へ逆向きです（最初の行が z1）。最初の行は z0（t = 0）、最後の行は z1（t = 1）です。z(t) = z0 + t (z1 - z0)。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype)[:, None]
    if method == "linear":
        return z1[None] + t * (z0 - z1)[None]
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm())
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    so = torch.sin(omega)
    return (torch.sin(t * omega) / so) * z0[None] + (torch.sin((1 - t) * omega) / so) * z1[None]
