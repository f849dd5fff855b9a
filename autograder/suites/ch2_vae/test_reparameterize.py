"""Hidden tests: reparameterize(mu, logvar, eps)."""
import pytest
import torch

import solutions.ch2_vae as ref
from autograder import claims

pytestmark = pytest.mark.grade_id("reparameterize")

HINT_EN = "z = mu + exp(0.5 * logvar) * eps: the standard deviation is exp(0.5 * logvar); use the eps you are given"
HINT_JA = "z = mu + exp(0.5 * logvar) * eps。標準偏差は exp(0.5 * logvar) です。渡された eps を使ってください"


@pytest.mark.describe("z = mu + std * eps on random inputs", "ランダムな入力での z = mu + std * eps")
@pytest.mark.points(1)
def test_matches_reference(student, check, gen):
    for shape in [(1, 2), (6, 3), (4, 5, 7)]:
        for dtype in (torch.float32, torch.float64):
            mu = torch.randn(*shape, generator=gen, dtype=dtype)
            logvar = torch.randn(*shape, generator=gen, dtype=dtype)
            eps = torch.randn(*shape, generator=gen, dtype=dtype)
            check.close("z", student.reparameterize(mu, logvar, eps),
                        ref.reparameterize(mu.double(), logvar.double(), eps.double()),
                        hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("uses the given noise eps", "与えられたノイズ eps を使う")
@pytest.mark.points(1)
def test_uses_given_noise(student, check, gen):
    mu = torch.randn(3, 4, generator=gen, dtype=torch.float64)
    logvar = torch.randn(3, 4, generator=gen, dtype=torch.float64)
    eps = torch.zeros(3, 4, dtype=torch.float64)
    check.close("z with eps = 0", student.reparameterize(mu, logvar, eps), mu,
                hint_en="with eps = 0 the result must equal mu: do not draw new noise inside the function",
                hint_ja="eps = 0 なら結果は mu と一致するはずです。関数の中で新しい乱数を生成しないでください")
    # returning mu itself passes the line above: the noise must also move z, by exactly std * eps
    eps = torch.randn(3, 4, generator=gen, dtype=torch.float64)
    check.close("z with a given eps", student.reparameterize(mu, logvar, eps), ref.reparameterize(mu, logvar, eps),
                hint_en="z must use the eps you are given: z = mu + exp(0.5 * logvar) * eps",
                hint_ja="渡された eps を使ってください: z = mu + exp(0.5 * logvar) * eps")


@pytest.mark.describe("gradients flow to mu and logvar", "mu と logvar に勾配が流れる")
@pytest.mark.points(1)
def test_gradients_flow(student, check, gen):
    mu = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    logvar = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    eps = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    # the gradient is computed by the worker-side helper: a claim, verified by claims.grad_of against
    # the student's function called directly (forward value and finite differences)
    out, grads = claims.grad_of(student, "reparameterize", [mu, logvar, eps], [0, 1])
    check.close("z", out, ref.reparameterize(mu, logvar, eps), hint_en=HINT_EN, hint_ja=HINT_JA)
    check.true(grads[0] is not None and grads[1] is not None,
               "z does not depend differentiably on mu and logvar (gradient is None): avoid .detach(), .item(), "
               "numpy or torch.no_grad() inside reparameterize.",
               "z が mu と logvar について微分可能になっていません（勾配が None）。reparameterize の中で .detach()、"
               ".item()、numpy、torch.no_grad() を使わないでください。", kind="gradient")
    check.close("dz/dmu (summed)", grads[0], torch.ones(4, 3, dtype=torch.float64), hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close("dz/dlogvar (summed)", grads[1], 0.5 * torch.exp(0.5 * logvar) * eps,
                hint_en=HINT_EN, hint_ja=HINT_JA)
