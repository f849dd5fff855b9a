"""gaussian_log_prob / diag_gaussian_log_prob: univariate and diagonal Gaussian log-densities."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive, rand

pytestmark = pytest.mark.grade_id("gaussian_log_prob")

HINT_EN = ("log N(x; μ, σ²) = -1/2 (log 2π + log σ² + (x - μ)² / σ²); the argument `var` is the variance σ², "
           "not the standard deviation.")
HINT_JA = ("log N(x; μ, σ²) = -1/2 (log 2π + log σ² + (x - μ)² / σ²) です。引数 `var` は分散 σ² で、"
           "標準偏差ではありません。")


@pytest.mark.describe("univariate log-density, float64", "1 変数の対数密度（float64）")
@pytest.mark.points(1)
def test_univariate_float64(student, check, gen):
    x, m, v = rand(gen, 7, 3), rand(gen, 7, 3), positive(gen, 7, 3)
    check.close("gaussian_log_prob(x, mean, var)", student.gaussian_log_prob(x, m, v), ref.gaussian_log_prob(x, m, v),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("univariate log-density, float32 with broadcasting", "1 変数の対数密度（float32、ブロードキャスト）")
@pytest.mark.points(1)
def test_univariate_float32_broadcasting(student, check, gen):
    x = rand(gen, 4, 1, dtype=torch.float32, scale=2)
    m, v = rand(gen, 3, dtype=torch.float32), positive(gen, 3, dtype=torch.float32, low=0.05, high=4)
    check.close("gaussian_log_prob(x[4,1], mean[3], var[3])", student.gaussian_log_prob(x, m, v),
                ref.gaussian_log_prob(x, m, v), hint_en=HINT_EN + " Use broadcasting, not loops over shapes.",
                hint_ja=HINT_JA + " 形状はブロードキャストで扱ってください。")


@pytest.mark.describe("diagonal Gaussian: sum over the last dimension", "対角ガウス: 最後の次元で和をとる")
@pytest.mark.points(1)
@pytest.mark.parametrize("shape,dtype", [((1, 1), torch.float64), ((5, 4), torch.float32), ((2, 3, 5), torch.float64)])
def test_diagonal_sums_last_dim(student, check, gen, shape, dtype):
    x, m, v = rand(gen, *shape, dtype=dtype), rand(gen, shape[-1], dtype=dtype), positive(gen, shape[-1], dtype=dtype)
    check.close(f"diag_gaussian_log_prob(x{list(shape)}, mean, var)", student.diag_gaussian_log_prob(x, m, v),
                ref.diag_gaussian_log_prob(x, m, v),
                hint_en="The diagonal log-density is the SUM over the last dimension of the univariate "
                        "log-densities; the result has shape x.shape[:-1].",
                hint_ja="対角ガウス分布の対数密度は、1 次元の対数密度を最後の次元について「和」をとったものです。"
                        "結果の形状は x.shape[:-1] です。")
