# title: shift subtracted after scaling
# title_ja: スケーリングの後に shift を引いた
# diagnosis: Your encode_latents looks like z * scaling_factor - shift_factor; the shift is removed first: (z - shift_factor) * scaling_factor.
# diagnosis_ja: encode_latents が z * scaling_factor - shift_factor になっているようです。先に shift を引きます: (z - shift_factor) * scaling_factor。
def encode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return z * scaling_factor - shift_factor


def decode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return (z + shift_factor) / scaling_factor


def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
    return 1.0 / latents.flatten().std()
