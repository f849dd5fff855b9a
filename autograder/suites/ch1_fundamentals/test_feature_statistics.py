"""feature_statistics: float64 mean and unbiased covariance (case C03: float32 features with a large offset)."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import rand

#: The exercise is about precision (case C03, and the notebook says so): float64 statistics of
#: float32 features, so no float32 floor on the tolerance (autograder.tolerances, rule 2).
pytestmark = [pytest.mark.grade_id("feature_statistics"), pytest.mark.precision]

HINT_EN = ("mu = mean over rows; sigma = (x - mu)^T (x - mu) / (N - 1) (like numpy.cov(rowvar=False)), both computed "
           "in float64: convert the features with .double() BEFORE centring.")
HINT_JA = ("mu は行方向の平均、sigma = (x - mu)^T (x - mu) / (N - 1)（numpy.cov(rowvar=False) と同じ）です。"
           "どちらも float64 で計算します。中心化の「前に」特徴量を .double() で変換してください。")


def _check(student, check, x, label):
    out = student.feature_statistics(x)
    check.true(isinstance(out, (tuple, list)) and len(out) == 2,
               "feature_statistics must return (mu, sigma).", "feature_statistics は (mu, sigma) を返してください。",
               kind="type")
    mu, sigma = ref.feature_statistics(x)
    # sigma first: it is where the catalogued mistakes differ (a mistake that only changes sigma has the
    # reference's mu, so a float32-precision mu must not be diagnosed as that mistake)
    check.close(f"sigma{label}", out[1], sigma, dtype=torch.float64, hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close(f"mu{label}", out[0], mu, dtype=torch.float64, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("mean and unbiased covariance", "平均と不偏共分散")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,d,dtype", [(10, 3, torch.float64), (2, 1, torch.float32), (17, 4, torch.float32)])
def test_statistics(student, check, gen, n, d, dtype):
    _check(student, check, rand(gen, n, d, dtype=dtype, scale=2.0, shift=3.0), f" (N={n}, D={d}, {dtype})")


@pytest.mark.describe("float32 features with a large offset (1-D)", "大きなオフセットを持つ float32 特徴量（1 次元）")
@pytest.mark.points(1)
def test_case_c03_float32_features_with_large_offset(student, check):
    # reported case C03: x = 1000 + [.1, -.1, .2, -.2, 0] in float32; the right variance is 0.025
    x = (1000 + torch.tensor([0.1, -0.1, 0.2, -0.2, 0.0], dtype=torch.float64)).to(torch.float32)[:, None]
    _check(student, check, x, " (float32 features 1000 + [.1, -.1, .2, -.2, 0])")
    # a fixed case: also random multi-dimensional features, so a remembered value earns nothing
    _check(student, check, rand(torch.Generator().manual_seed(303), 9, 2, dtype=torch.float32, shift=3.0),
           " (random float32 features, D=2)")


@pytest.mark.describe("float32 features with a large offset (several dimensions)", "大きなオフセットを持つ float32 特徴量（多次元）")
@pytest.mark.points(1)
def test_float32_features_large_offset_multidim(student, check, gen):
    x = rand(gen, 64, 3, dtype=torch.float32, scale=0.05, shift=500.0)
    _check(student, check, x, " (float32 features around 500)")
