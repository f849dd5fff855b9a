"""Hidden tests: inpaint_blend (mask == 1: generate, mask == 0: keep the known image noised to the same level)."""
import pytest
import torch

import solutions.ch5_applications as ref

pytestmark = pytest.mark.grade_id("inpaint_blend")

HINT_EN = ("x = mask * x_gen + (1 - mask) * x_known with x_known = sqrt(abar) * x0_known + sqrt(1 - abar) * noise: "
           "mask == 1 is the region to GENERATE, and the known region must be noised to the level of x_gen")
HINT_JA = ("x = mask * x_gen + (1 - mask) * x_known、x_known = sqrt(abar) * x0_known + sqrt(1 - abar) * noise。"
           "mask == 1 が「生成する」領域で、既知領域は x_gen と同じノイズレベルまでノイズを加えます")


def _inputs(gen, shape, dtype, soft=False):
    x_gen, x0, noise = (torch.randn(*shape, generator=gen, dtype=dtype) for _ in range(3))
    m = torch.rand(shape[0], 1, *shape[2:], generator=gen, dtype=dtype)
    mask = m if soft else (m > 0.5).to(dtype)
    abar = torch.rand(shape[0], generator=gen, dtype=dtype) * 0.9 + 0.05
    return x_gen, x0, noise, mask, abar


@pytest.mark.describe("binary mask, float64", "2 値マスク（float64）")
@pytest.mark.points(1)
def test_binary_mask_float64(student, check, gen):
    for shape in [(1, 1, 4, 4), (3, 4, 5, 7)]:
        args = _inputs(gen, shape, torch.float64)
        check.close(f"blended latent {shape}", student.inpaint_blend(*args), ref.inpaint_blend(*args),
                    hint_en=HINT_EN, hint_ja=HINT_JA)
    # the spec allows one noise level for the whole batch: a 0-dim tensor or a Python float
    for kind, level in [("0-dim tensor", lambda a: a[0]), ("Python float", lambda a: float(a[0]))]:
        x_gen, x0, noise, mask, abar = _inputs(gen, (2, 3, 4, 4), torch.float64)
        args = (x_gen, x0, noise, mask, level(abar))
        check.close(f"blended latent (alpha_bar a {kind})", student.inpaint_blend(*args), ref.inpaint_blend(*args),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("soft mask (float32), and the last step", "ソフトマスク（float32）と最後のステップ")
@pytest.mark.points(1)
def test_soft_mask_float32_and_last_step(student, check, gen):
    args = _inputs(gen, (2, 3, 6, 5), torch.float32, soft=True)
    check.close("blended latent (float32, soft mask)", student.inpaint_blend(*args),
                ref.inpaint_blend(*(a.double() for a in args)), hint_en=HINT_EN, hint_ja=HINT_JA)
    x_gen, x0, noise, mask, _ = _inputs(gen, (2, 2, 3, 3), torch.float64)
    one = torch.ones(2, dtype=torch.float64)
    check.close("blended latent after the last step (alpha_bar = 1)", student.inpaint_blend(x_gen, x0, noise, mask, one),
                ref.inpaint_blend(x_gen, x0, noise, mask, one), hint_en=HINT_EN, hint_ja=HINT_JA)
