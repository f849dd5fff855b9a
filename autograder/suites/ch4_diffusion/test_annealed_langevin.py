"""annealed_langevin: annealed Langevin dynamics (NCSN Algorithm 1) with a given score function."""
import math

import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.harness import ch4_diffusion as H
from autograder.proxy import harness_ref
from autograder.suites.ch4_diffusion._common import energy_distance, rand

pytestmark = pytest.mark.grade_id("annealed_langevin")

HINT_EN = ("For each level i: alpha_i = step_size * sigma_i^2 / sigma_L^2 (sigma_L = the last, smallest sigma); "
           "for each step j: x = x + alpha_i / 2 * score_fn(x, sigma_i) + sqrt(alpha_i) * noise[i, j].")
HINT_JA = ("各レベル i で alpha_i = step_size * σ_i² / σ_L²（σ_L は最後の最小の σ）、各ステップ j で "
           "x = x + alpha_i / 2 * score_fn(x, σ_i) + sqrt(alpha_i) * noise[i, j] とします。")


def _sigmas(L, high=5.0, low=0.1):
    return torch.logspace(math.log10(high), math.log10(low), L, dtype=torch.float64)


@pytest.mark.describe("one noise level", "ノイズレベル 1 つ")
@pytest.mark.points(1)
def test_single_level(student, check, gen):
    x = rand(gen, 4, 2, scale=2.0)
    noise = rand(gen, 1, 3, 4, 2)
    sig = torch.tensor([0.7], dtype=torch.float64)
    check.close("annealed_langevin (one level sigma = 0.7, 3 steps, step_size = 0.05)",
                student.annealed_langevin(harness_ref("mixture_score"), x, sig, 0.05, noise),
                ref.annealed_langevin(H.mixture_score, x, sig, 0.05, noise), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("several annealed noise levels", "アニーリングされた複数のノイズレベル")
@pytest.mark.points(1)
def test_annealed_levels(student, check, gen):
    for dtype in [torch.float64, torch.float32]:
        x = rand(gen, 5, 2, scale=3.0, dtype=dtype)
        noise = rand(gen, 4, 3, 5, 2, dtype=dtype)
        sig = _sigmas(4, 3.0, 0.2)
        check.close(f"annealed_langevin (4 levels 3.0 -> 0.2, 3 steps each, {dtype})",
                    student.annealed_langevin(harness_ref("mixture_score"), x, sig, 0.01, noise),
                    ref.annealed_langevin(H.mixture_score, x, sig, 0.01, noise), rtol=1e-4, atol=1e-4,
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("samples reach the mixture", "サンプルが混合分布に到達する")
@pytest.mark.points(1)
@pytest.mark.call_timeout(120)
@pytest.mark.timeout(240)
def test_reaches_the_mixture(student, check):
    # Statistical, fixed seed: 1000 chains, 8 levels x 25 steps, step_size 0.01.  Over seeds 0-3 a
    # correct sampler gives an energy distance to 1000 data points of 0.003-0.014 and mode shares within
    # 0.045 of the weights (binomial sd <= 0.016 plus the sampler's own bias); the bounds (0.04 and 0.1)
    # are about 3x wider, so a correct sampler fails with probability well below 1e-4.
    g = torch.Generator().manual_seed(1234)
    n = 1000
    x = 5 * torch.randn(n, 2, generator=g, dtype=torch.float64)
    noise = torch.randn(8, 25, n, 2, generator=g, dtype=torch.float64)
    out = check.shape("annealed_langevin samples",
                      student.annealed_langevin(harness_ref("mixture_score"), x, _sigmas(8), 1e-2, noise), (n, 2))
    out = out.to(torch.float64)
    check.true(bool(torch.isfinite(out).all()), "annealed_langevin returned NaN/inf samples.",
               "annealed_langevin が NaN/inf を返しました。", kind="nonfinite")
    data = H.sample_data(n, seed=99)
    d = energy_distance(out, data)
    means = torch.tensor(H.MIX_MEANS, dtype=torch.float64)
    share = torch.bincount(torch.cdist(out, means).argmin(1), minlength=3).double() / n
    check.true(d < 0.04 and bool(((share - torch.tensor(H.MIX_WEIGHTS, dtype=torch.float64)).abs() < 0.1).all()),
               f"annealed_langevin samples do not match the target mixture: energy distance {d:.4f} (a correct "
               f"sampler gives about 0.01; limit 0.04), mode shares {[round(v, 3) for v in share.tolist()]} vs "
               f"weights {list(H.MIX_WEIGHTS)}. " + HINT_EN,
               f"annealed_langevin のサンプルが目標の混合分布に一致しません。エネルギー距離 {d:.4f}（正しいサンプラーで約 0.01、"
               f"上限 0.04）、各モードの割合 {[round(v, 3) for v in share.tolist()]}（重み {list(H.MIX_WEIGHTS)}）。" + HINT_JA)
