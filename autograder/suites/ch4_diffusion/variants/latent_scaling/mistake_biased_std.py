# title: biased standard deviation
# title_ja: 不偏でない標準偏差を使った
# diagnosis: Your estimate_scaling_factor looks like it uses the biased std (divide by n); the exercise uses torch's default unbiased std (divide by n - 1).
# diagnosis_ja: estimate_scaling_factor が n で割る標準偏差を使っているようです。この課題では torch 既定の不偏標準偏差（n - 1 で割る）を使います。
def encode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return (z - shift_factor) * scaling_factor


def decode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    return z / scaling_factor + shift_factor


def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
    return 1.0 / latents.flatten().std(unbiased=False)
