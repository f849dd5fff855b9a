"""dsm_loss: denoising score matching with lambda(sigma) = sigma^2."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand, uniform

pytestmark = pytest.mark.grade_id("dsm_loss")

HINT_EN = ("The target score of x~ = x + sigma z is -z / sigma (note the minus sign); the loss is the batch mean of "
           "1/2 sigma^2 ||score + z / sigma||^2, summed over the feature dimensions.")
HINT_JA = ("x~ = x + σ z の目標スコアは -z / σ です（符号に注意）。損失は 1/2 σ² ||score + z / σ||² を特徴次元で和をとり、"
           "バッチで平均したものです。")


@pytest.mark.describe("one sigma per sample", "サンプルごとの sigma")
@pytest.mark.points(1)
def test_per_sample_sigma(student, check, gen):
    for N, D, dtype in [(1, 2, torch.float64), (7, 3, torch.float64), (4, 5, torch.float32)]:
        score, z = rand(gen, N, D, scale=3.0, dtype=dtype), rand(gen, N, D, dtype=dtype)
        sigma = uniform(gen, N, low=0.05, high=2.0, dtype=dtype)
        check.close(f"dsm_loss (N={N}, D={D}, {dtype})", student.dsm_loss(score, z, sigma), ref.dsm_loss(score, z, sigma),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("a scalar sigma, and zero loss at the true score", "スカラーの sigma、真のスコアで損失 0")
@pytest.mark.points(1)
def test_scalar_sigma_and_optimum(student, check, gen):
    score, z = rand(gen, 6, 1), rand(gen, 6, 1)
    check.close("dsm_loss (sigma = 0.3 as a float, D=1)", student.dsm_loss(score, z, 0.3), ref.dsm_loss(score, z, 0.3),
                hint_en=HINT_EN, hint_ja=HINT_JA)
    sigma = torch.full((6,), 0.5, dtype=torch.float64)
    check.close("dsm_loss at the target score -z / sigma (must be 0)", student.dsm_loss(-z / 0.5, z, sigma),
                torch.zeros((), dtype=torch.float64), atol=1e-9, hint_en=HINT_EN, hint_ja=HINT_JA)
