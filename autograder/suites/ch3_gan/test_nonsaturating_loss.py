"""Hidden tests: g_loss_nonsaturating, its value and its gradient w.r.t. the logits.

The gradient is computed in the worker by the public harness helper ``grad_of``
(autograder/harness/common.py), which calls the student's function on inputs
with requires_grad and runs torch.autograd.grad.
"""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder import claims

pytestmark = pytest.mark.grade_id("nonsaturating_loss")

HINT_EN = "the non-saturating loss is -E[log D(G(z))] = BCE(fake_logits, 1) = mean(softplus(-l))"
HINT_JA = "非飽和損失は -E[log D(G(z))] = BCE(fake_logits, 1) = mean(softplus(-l)) です"
GRAD_EN = ("d loss / d l = -(1 - sigmoid(l)) / N; keep the computation in torch and differentiable "
           "(no .item(), .detach() or numpy inside)")
GRAD_JA = ("d loss / d l = -(1 - sigmoid(l)) / N です。計算は torch のまま微分可能にしてください"
           "（.item()、.detach()、numpy を途中で使わない）")


def _ref_grad(logits):
    x = logits.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(ref.g_loss_nonsaturating(x), x)
    return g


@pytest.mark.describe("loss value", "損失の値")
@pytest.mark.points(1)
def test_value(student, check, gen):
    for shape in [(1,), (9,), (4, 1)]:
        logits = 3 * torch.randn(*shape, generator=gen, dtype=torch.float64)
        check.close(f"g_loss_nonsaturating (shape {shape})", student.g_loss_nonsaturating(logits),
                    ref.g_loss_nonsaturating(logits), hint_en=HINT_EN, hint_ja=HINT_JA)


def _check_grad(student, check, logits, label):
    # a stub or a crash is reported under the student's own name; the helper's gradient is verified
    out, grads = claims.grad_of(student, "g_loss_nonsaturating", [logits])
    check.true(isinstance(grads, list) and len(grads) == 1 and grads[0] is not None,
               f"{label}: the loss is not differentiable w.r.t. fake_logits (no gradient reached the input). " + GRAD_EN,
               f"{label}: 損失が fake_logits について微分できません（入力まで勾配が届きません）。" + GRAD_JA, kind="gradient")
    check.close(f"{label}: d loss / d fake_logits", grads[0], _ref_grad(logits), hint_en=GRAD_EN, hint_ja=GRAD_JA)


@pytest.mark.describe("gradient with respect to the logits, float64", "ロジットに関する勾配（float64）")
@pytest.mark.points(1)
def test_gradient_float64(student, check, gen):
    _check_grad(student, check, 2 * torch.randn(7, generator=gen, dtype=torch.float64), "float64 logits")


@pytest.mark.describe("gradient when the discriminator wins (float32)", "識別器が勝っているときの勾配（float32）")
@pytest.mark.points(1)
def test_gradient_when_discriminator_wins_float32(student, check):
    # early training: D rejects the fakes (very negative logits); the gradient must stay ≈ -1/N, finite
    logits = torch.tensor([-150.0, -30.0, -8.0, 2.0])
    _check_grad(student, check, logits, "very negative float32 logits")
