# title: slerp between the normalised codes (the norms are lost)
# title_ja: 正規化したコードの間で slerp した（ノルムが失われる）
# diagnosis: Your slerp points lie on the unit sphere: you normalised z0 and z1 and interpolated the unit vectors; use the unit vectors only to get the angle Ω, and combine the original z0 and z1.
# diagnosis_ja: slerp の点が単位球面上にあります。z0 と z1 を正規化して単位ベクトルを補間しています。単位ベクトルは角度 Ω を求めるためだけに使い、元の z0 と z1 を組み合わせてください。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype)[:, None]
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]
    u0, u1 = z0 / z0.norm(), z1 / z1.norm()
    omega = torch.arccos(torch.dot(u0, u1).clamp(-1.0, 1.0))
    so = torch.sin(omega)
    return (torch.sin((1 - t) * omega) / so) * u0[None] + (torch.sin(t * omega) / so) * u1[None]
