"""Hidden tests: style_loss (Gram matrix normalised by C*H*W; weighted sum of mean squared Gram differences)."""
import pytest
import torch

import solutions.ch5_applications as ref
from autograder import claims

pytestmark = pytest.mark.grade_id("style_loss")

GRAM_EN = "G[b] = F_b @ F_b.T / (C * H * W) with F_b the (C, H*W) matrix of sample b: shape (B, C, C)"
GRAM_JA = "G[b] = F_b @ F_b.T / (C * H * W)（F_b はサンプル b の (C, H*W) 行列）。形状は (B, C, C)"
LOSS_EN = ("L = sum_l w_l * mean((G_l(gen) - G_l(style))**2): the MEAN over batch and the C*C entries per layer, "
           "times that layer's weight (all ones when layer_weights is None)")
LOSS_JA = ("L = Σ_l w_l * mean((G_l(生成) - G_l(スタイル))**2)。層ごとにバッチと C*C 要素で「平均」し、その層の重みを"
           "掛けます（layer_weights が None なら全て 1）")


def _layers(gen, shapes, dtype):
    return [torch.randn(*s, generator=gen, dtype=dtype) for s in shapes], \
           [torch.randn(*s, generator=gen, dtype=dtype) * 1.5 + 0.3 for s in shapes]


@pytest.mark.describe("Gram matrix", "グラム行列")
@pytest.mark.points(1)
def test_gram_matrix(student, check, gen):
    for shape, dtype in [((1, 3, 4, 5), torch.float64), ((2, 7, 3, 3), torch.float64), ((3, 5, 6, 2), torch.float32)]:
        x = torch.randn(*shape, generator=gen, dtype=dtype)
        check.close(f"Gram matrix of {shape}", student.gram_matrix(x), ref.gram_matrix(x.double()),
                    hint_en=GRAM_EN, hint_ja=GRAM_JA)


@pytest.mark.describe("style loss with layer weights", "層の重み付きスタイル損失")
@pytest.mark.points(1)
def test_style_loss_with_weights(student, check, gen):
    fg, fs = _layers(gen, [(2, 3, 4, 4), (2, 5, 2, 3), (2, 4, 1, 5)], torch.float64)
    w = [0.7, 2.0, 0.25]
    check.close("style loss (3 layers, weights)", student.style_loss(fg, fs, w), ref.style_loss(fg, fs, w),
                hint_en=LOSS_EN, hint_ja=LOSS_JA)
    fg, fs = _layers(gen, [(1, 6, 5, 5), (1, 2, 3, 3)], torch.float32)
    check.close("style loss (float32, weights)", student.style_loss(fg, fs, [3.0, 0.5]),
                ref.style_loss([f.double() for f in fg], [f.double() for f in fs], [3.0, 0.5]),
                hint_en=LOSS_EN, hint_ja=LOSS_JA)


@pytest.mark.describe("default weights, and the gradient", "既定の重みと勾配")
@pytest.mark.points(1)
def test_style_loss_default_weights_and_gradient(student, check, gen):
    fg, fs = _layers(gen, [(1, 4, 3, 3), (1, 3, 2, 5)], torch.float64)
    direct = student.style_loss(fg, fs)
    out, grads = student.harness.style_loss_grad(student.ref("style_loss"), fg, fs)
    claims.claimed_forward("style loss via the gradient helper", out, direct)
    if isinstance(grads, (list, tuple)) and len(grads) == len(fg):
        claims.confirm_input_gradients(student.style_loss, [fg, fs], grads, [(0, i) for i in range(len(fg))],
                                       "d style loss / d gen_features")
    check.close("style loss (layer_weights=None)", out, ref.style_loss(fg, fs), hint_en=LOSS_EN, hint_ja=LOSS_JA)
    check.true(all(g is not None for g in grads),
               "The style loss must be differentiable with respect to the generated features (no detach/NumPy).",
               "スタイル損失は生成画像の特徴について微分可能でなければなりません（detach や NumPy を使わない）。",
               kind="grad")
    xs = [f.clone().requires_grad_(True) for f in fg]
    expected = torch.autograd.grad(ref.style_loss(xs, fs), xs)
    for i, (g, e) in enumerate(zip(grads, expected)):
        check.close(f"d loss / d gen_features[{i}]", g, e, hint_en=LOSS_EN, hint_ja=LOSS_JA)
