"""classifier_free_guidance: batched [uncond, cond], optional guidance_rescale."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand

pytestmark = pytest.mark.grade_id("cfg")

HINT_EN = ("The batch is [uncond, cond] (unconditional half first); eps = uncond + w * (cond - uncond), so w = 1 gives "
           "cond and w = 0 gives uncond.")
HINT_JA = ("バッチは [uncond, cond]（前半が無条件）です。eps = uncond + w * (cond - uncond) なので w = 1 で cond、"
           "w = 0 で uncond になります。")


@pytest.mark.describe("guided prediction for several guidance scales", "複数のガイダンススケールでの予測")
@pytest.mark.points(1)
def test_guidance(student, check, gen):
    # w = 0 is the unconditional prediction (the spec's edge value); the shape after the batch is any
    for B, w, dtype, rest in [(1, 7.5, torch.float64, (4, 3, 3)), (3, 1.0, torch.float64, (4, 3, 3)),
                              (2, 3.0, torch.float32, (4, 3, 3)), (2, 0.0, torch.float64, (4, 3, 3)),
                              (2, 0.5, torch.float64, (6,)), (1, 4.0, torch.float64, (2, 3, 2, 2))]:
        out = rand(gen, 2 * B, *rest, dtype=dtype)
        check.close(f"classifier_free_guidance (batch 2x{B}, sample shape {rest}, w={w})",
                    student.classifier_free_guidance(out, w),
                    ref.classifier_free_guidance(out, w), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("guidance with guidance_rescale", "guidance_rescale 付きのガイダンス")
@pytest.mark.points(1)
def test_guidance_rescale(student, check, gen):
    # "std over all non-batch dims" on 2-D (B, D) and 5-D video latents (B, C, F, H, W) too
    for B, w, phi, rest in [(2, 7.5, 0.7, (4, 3, 3)), (1, 5.0, 1.0, (4, 3, 3)), (2, 6.0, 0.5, (8,)),
                            (1, 7.5, 0.7, (2, 3, 2, 2))]:
        out = rand(gen, 2 * B, *rest)
        check.close(f"classifier_free_guidance (sample shape {rest}, w={w}, guidance_rescale={phi})",
                    student.classifier_free_guidance(out, w, phi), ref.classifier_free_guidance(out, w, phi),
                    hint_en="rescaled = eps * std(cond) / std(eps), std over all non-batch dims per sample (torch's unbiased "
                            "default), then phi * rescaled + (1 - phi) * eps.",
                    hint_ja="rescaled = eps * std(cond) / std(eps)（std はサンプルごとにバッチ以外の全次元、torch 既定の不偏）、"
                            "その後 φ * rescaled + (1 - φ) * eps とします。")
