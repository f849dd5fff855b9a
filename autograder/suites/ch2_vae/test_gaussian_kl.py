"""Hidden tests: gaussian_kl (KL to N(0, I) from mu and logvar). Case C08."""
import math

import pytest
import torch

import solutions.ch2_vae as ref

pytestmark = pytest.mark.grade_id("gaussian_kl")

HINT_EN = ("KL = -0.5 * sum_j (1 + logvar - mu² - exp(logvar)) per sample; logvar is log σ² "
           "(variance exp(logvar), std exp(0.5 * logvar)); sum over the latent axis, keep the batch axis")
HINT_JA = ("KL = -0.5 * Σ_j (1 + logvar - mu² - exp(logvar))（サンプルごと）。logvar は log σ² です"
           "（分散 exp(logvar)、標準偏差 exp(0.5 * logvar)）。潜在次元で和、バッチ軸は残します")


@pytest.mark.points(1)
def test_case_c08_logvar_parameterization(student, check):
    # C08: mu = 1, sigma = 2 (logvar = ln 4): KL = 1.306853
    mu = torch.tensor([[1.0]], dtype=torch.float64)
    logvar = torch.tensor([[math.log(4.0)]], dtype=torch.float64)
    check.close("KL(N(1, 2²) || N(0, 1))", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu, logvar),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.points(1)
def test_matches_reference_float64(student, check, gen):
    for b, j in [(1, 1), (5, 3), (9, 16)]:
        mu = torch.randn(b, j, generator=gen, dtype=torch.float64)
        logvar = torch.randn(b, j, generator=gen, dtype=torch.float64)
        check.close("KL", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu, logvar),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.points(1)
def test_matches_reference_float32(student, check, gen):
    mu = torch.randn(17, 4, generator=gen)
    logvar = torch.randn(17, 4, generator=gen)
    check.close("KL (float32)", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu.double(), logvar.double()),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.points(1)
def test_zero_at_prior_and_positive(student, check, gen):
    zero = student.gaussian_kl(torch.zeros(3, 5, dtype=torch.float64), torch.zeros(3, 5, dtype=torch.float64))
    check.close("KL(N(0, I) || N(0, I))", zero, torch.zeros(3, dtype=torch.float64),
                hint_en="the KL of the prior to itself is 0: check the constant 1 inside the sum",
                hint_ja="事前分布同士の KL は 0 です。和の中の定数 1 を確認してください")
