"""encode_latents / decode_latents (scaling and shift factors) and estimate_scaling_factor."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand

pytestmark = pytest.mark.grade_id("latent_scaling")

HINT_EN = ("encode: (z - shift_factor) * scaling_factor (before the UNet); decode: z / scaling_factor + shift_factor "
           "(before vae.decode).")
HINT_JA = ("encode は (z - shift_factor) * scaling_factor（UNet の前）、decode は z / scaling_factor + shift_factor"
           "（vae.decode の前）です。")


@pytest.mark.describe("encode and decode latents", "潜在表現のエンコードとデコード")
@pytest.mark.points(1)
def test_encode_decode(student, check, gen):
    for sf, sh, dtype in [(0.18215, 0.0, torch.float64), (1.5305, 0.0609, torch.float64),
                                         (0.13025, 0.0, torch.float32)]:
        z = rand(gen, 2, 4, 3, 3, scale=5.0, dtype=dtype)
        check.close(f"encode_latents(scaling_factor={sf}, shift_factor={sh})", student.encode_latents(z, sf, sh),
                    ref.encode_latents(z, sf, sh), hint_en=HINT_EN, hint_ja=HINT_JA)
        check.close(f"decode_latents(scaling_factor={sf}, shift_factor={sh})", student.decode_latents(z, sf, sh),
                    ref.decode_latents(z, sf, sh), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("estimated scaling factor", "スケーリング係数の推定")
@pytest.mark.points(1)
def test_estimate_scaling_factor(student, check, gen):
    for shape, dtype in [((1, 4, 2, 2), torch.float64), ((3, 4, 5, 5), torch.float32)]:
        z = rand(gen, *shape, scale=4.0, shift=0.5, dtype=dtype)
        check.close(f"estimate_scaling_factor {shape}", student.estimate_scaling_factor(z), ref.estimate_scaling_factor(z),
                    hint_en="1 / std of all latent entries (unbiased std, torch's default; not the variance, not per channel).",
                    hint_ja="全要素の標準偏差（不偏、torch の既定）の逆数です（分散やチャネルごとの値ではありません）。")
