# title: slerp angle from the raw dot product (no normalisation)
# title_ja: slerp の角度を正規化なしの内積から計算した
# diagnosis: Your slerp looks like it takes Ω = arccos(z0 · z1) without dividing by |z0| |z1| (the dot product of non-unit vectors is not a cosine; arccos then clamps or gives NaN): use Ω = arccos(z0 · z1 / (|z0| |z1|)).
# diagnosis_ja: slerp で |z0| |z1| で割らずに Ω = arccos(z0 · z1) としているようです（単位ベクトルでない内積は余弦ではなく、arccos が飽和するか NaN になります）。Ω = arccos(z0 · z1 / (|z0| |z1|)) を使ってください。
def interpolate_latents(z0, z1, num_steps, method="linear"):
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype)[:, None]
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]
    omega = torch.arccos(torch.dot(z0, z1).clamp(-1.0, 1.0))
    so = torch.sin(omega)
    return (torch.sin((1 - t) * omega) / so) * z0[None] + (torch.sin(t * omega) / so) * z1[None]
