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


@pytest.mark.describe("KL from logvar (not the standard deviation)", "logvar（標準偏差ではない）からの KL")
@pytest.mark.points(1)
def test_case_c08_logvar_parameterization(student, check, gen):
    # C08: mu = 1, sigma = 2 (logvar = ln 4): KL = 1.306853
    mu = torch.tensor([[1.0]], dtype=torch.float64)
    logvar = torch.tensor([[math.log(4.0)]], dtype=torch.float64)
    check.close("KL(N(1, 2²) || N(0, 1))", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu, logvar),
                hint_en=HINT_EN, hint_ja=HINT_JA)
    # fixed inputs: a stub that returns a remembered value must not collect this point, so the same
    # function must also be right on random inputs
    _random_companion(student, check, gen)


def _random_companion(student, check, gen):
    mu, logvar = torch.randn(4, 3, generator=gen, dtype=torch.float64), torch.randn(4, 3, generator=gen, dtype=torch.float64)
    check.close("KL (random inputs)", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu, logvar),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("KL on random inputs, float64", "ランダムな入力での KL（float64）")
@pytest.mark.points(1)
def test_matches_reference_float64(student, check, gen):
    for b, j in [(1, 1), (5, 3), (9, 16)]:
        mu = torch.randn(b, j, generator=gen, dtype=torch.float64)
        logvar = torch.randn(b, j, generator=gen, dtype=torch.float64)
        check.close("KL", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu, logvar),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("KL on random inputs, float32", "ランダムな入力での KL（float32）")
@pytest.mark.points(1)
def test_matches_reference_float32(student, check, gen):
    mu = torch.randn(17, 4, generator=gen)
    logvar = torch.randn(17, 4, generator=gen)
    check.close("KL (float32)", student.gaussian_kl(mu, logvar), ref.gaussian_kl(mu.double(), logvar.double()),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("zero at the prior, positive elsewhere", "事前分布で 0、それ以外で正")
@pytest.mark.points(1)
def test_zero_at_prior_and_positive(student, check, gen):
    """KL is 0 exactly at the prior and positive, growing with |mu| and |logvar|, elsewhere: one batch
    holds the prior and non-prior rows, so no constant (zeros, ones, a batch mean) can pass."""
    mu = torch.tensor([[0.0, 0.0], [0.5, 0.0], [1.0, -1.0], [2.0, 0.0], [0.0, 0.0]], dtype=torch.float64)
    logvar = torch.tensor([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, -1.0]], dtype=torch.float64)
    got = student.gaussian_kl(mu, logvar)
    check.close("KL for rows (prior, |mu| = 0.5, mu = (1, -1), |mu| = 2, logvar = (1, -1))", got,
                ref.gaussian_kl(mu, logvar),
                hint_en="the KL of the prior to itself is 0 and it is positive elsewhere: check the constant 1 inside "
                        "the sum, the signs, and that you sum over the latent axis only",
                hint_ja="事前分布同士の KL は 0、それ以外では正です。和の中の定数 1、符号、潜在次元だけで和をとっているかを確認してください")
