# title: 1 / variance instead of 1 / std
# title_ja: 標準偏差ではなく分散の逆数にした
# diagnosis: Your estimate_scaling_factor looks like 1 / var; scaling by 1 / std gives unit variance.
# diagnosis_ja: estimate_scaling_factor が 1 / 分散 になっているようです。1 / 標準偏差 でスケーリングすると分散が 1 になります。
def encode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return (z - shift_factor) * scaling_factor


def decode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return z / scaling_factor + shift_factor


def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
    return 1.0 / latents.flatten().var()
