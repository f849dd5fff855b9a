"""Hidden tests: adain(x, style_scale, style_bias, eps) (biased variance, eps inside the sqrt)."""
import pytest
import torch
import torch.nn.functional as F

import solutions.ch3_gan as ref

pytestmark = pytest.mark.grade_id("adain")

HINT_EN = ("normalise each (sample, channel) over H and W with the biased variance (unbiased=False, divide by H*W) "
           "and eps inside the square root, then y_s * x_norm + y_b with y_s, y_b of shape (B, C) broadcast over H, W")
HINT_JA = ("各（サンプル, チャネル）を H, W 方向のバイアスあり分散（unbiased=False、H·W で割る）で正規化し、eps は平方根の中、"
           "その後 y_s · x_norm + y_b（y_s, y_b は (B, C) を H, W にブロードキャスト）")


def _inputs(gen, b, c, h, w, dtype):
    x = (torch.randn(b, c, h, w, generator=gen, dtype=torch.float64) * 2 + 0.5).to(dtype)
    s = (torch.rand(b, c, generator=gen, dtype=torch.float64) * 2 + 0.5).to(dtype)
    t = torch.randn(b, c, generator=gen, dtype=torch.float64).to(dtype)
    return x, s, t


@pytest.mark.describe("AdaIN on random inputs, float64", "ランダムな入力での AdaIN（float64）")
@pytest.mark.points(1)
def test_matches_reference_float64(student, check, gen):
    for shape in [(1, 1, 3, 3), (4, 5, 6, 7), (2, 3, 8, 8)]:
        x, s, t = _inputs(gen, *shape, torch.float64)
        check.close(f"adain (shape {shape})", student.adain(x, s, t), ref.adain(x, s, t),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("float32, compared with instance normalisation", "float32、インスタンス正規化との比較")
@pytest.mark.points(1)
def test_float32_and_instance_norm(student, check, gen):
    x, s, t = _inputs(gen, 3, 4, 5, 5, torch.float32)
    check.close("adain (float32)", student.adain(x, s, t), ref.adain(x.double(), s.double(), t.double()),
                hint_en=HINT_EN, hint_ja=HINT_JA)
    x, _, _ = _inputs(gen, 2, 3, 4, 4, torch.float64)
    ones, zeros = torch.ones(2, 3, dtype=torch.float64), torch.zeros(2, 3, dtype=torch.float64)
    check.close("adain(x, 1, 0) (must equal F.instance_norm(x))", student.adain(x, ones, zeros),
                F.instance_norm(x, eps=1e-5), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("small feature maps and eps", "小さな特徴マップと eps")
@pytest.mark.points(1)
def test_small_maps_and_eps(student, check, gen):
    # 2x2 maps: biased (divide by 4) and unbiased (divide by 3) variances differ by 15 %;
    # a large eps distinguishes sqrt(var + eps) from sqrt(var) + eps
    x, s, t = _inputs(gen, 3, 2, 2, 2, torch.float64)
    for eps in (1e-5, 0.5):
        check.close(f"adain on 2x2 maps (eps={eps})", student.adain(x, s, t, eps=eps), ref.adain(x, s, t, eps=eps),
                    hint_en=HINT_EN, hint_ja=HINT_JA)
