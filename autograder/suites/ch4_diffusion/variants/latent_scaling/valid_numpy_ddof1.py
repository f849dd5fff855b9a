# title: numpy std with ddof=1
# title_ja: numpy の std（ddof=1）
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np


def encode_latents(z, scaling_factor=0.18215, shift_factor=0.0):
    return torch.from_numpy((z.double().cpu().numpy() - shift_factor) * scaling_factor).to(z.dtype)


def decode_latents(z, scaling_factor=0.18215, shift_factor=0.0):
    return torch.from_numpy(z.double().cpu().numpy() / scaling_factor + shift_factor).to(z.dtype)


def estimate_scaling_factor(latents):
    return torch.tensor(1.0 / np.std(latents.double().cpu().numpy(), ddof=1), dtype=latents.dtype)
