"""gaussian_mle: maximum-likelihood mean and variance (divides by N)."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import rand

pytestmark = pytest.mark.grade_id("gaussian_mle")

HINT_EN = "The MLE of the variance divides by N (unbiased=False), not N - 1, and both statistics are over dim 0."
HINT_JA = "分散の最尤推定量は N - 1 ではなく N で割ります（unbiased=False）。平均も分散も dim 0（サンプル方向）でとります。"


@pytest.mark.describe("maximum-likelihood mean and variance", "最尤推定の平均と分散")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,d,dtype", [(9, 3, torch.float64), (4, 1, torch.float32), (6, 5, torch.float32)])
def test_mean_and_variance(student, check, gen, n, d, dtype):
    x = rand(gen, n, d, dtype=dtype, scale=1.5, shift=2.0)
    out = student.gaussian_mle(x)
    check.true(isinstance(out, (tuple, list)) and len(out) == 2,
               "gaussian_mle must return a tuple (mean, var).", "gaussian_mle はタプル (mean, var) を返してください。",
               kind="type")
    mean, var = ref.gaussian_mle(x)
    check.close("mean", out[0], mean, hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close("var", out[1], var, hint_en=HINT_EN, hint_ja=HINT_JA)
