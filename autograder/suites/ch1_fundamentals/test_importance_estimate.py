"""importance_estimate: self-normalised importance sampling in log space."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import rand

pytestmark = pytest.mark.grade_id("importance_estimate")

HINT_EN = ("Self-normalised estimator: w_s = softmax(log p̃(x_s) - log q(x_s)) over the samples, estimate = "
           "Σ_s w_s f(x_s); the target p̃ is unnormalised, so the plain mean of exp(log w) f is not the answer.")
HINT_JA = ("自己正規化推定量です: サンプル方向に w_s = softmax(log p̃(x_s) - log q(x_s))、推定値 = Σ_s w_s f(x_s)。"
           "目標 p̃ は正規化されていないので、exp(log w) f の単純平均ではありません。")


@pytest.mark.describe("self-normalised estimate", "自己正規化重点サンプリングの推定値")
@pytest.mark.points(1)
# f_values is (S, ...): the last case has f of shape (S, 3, 2)
@pytest.mark.parametrize("s,extra,dtype", [(20, (), torch.float64), (1, (), torch.float32), (9, (3, 2), torch.float32)])
def test_matches_reference(student, check, gen, s, extra, dtype):
    # with one sample the estimate is that sample's f: the input unchanged would pass, so every case
    # also checks 6 samples
    for n in (s, 6):
        x = rand(gen, n, *extra, dtype=dtype, scale=2)
        log_q = rand(gen, n, dtype=dtype) - 1.0
        log_p = rand(gen, n, dtype=dtype) + 0.5
        check.close(f"importance_estimate ({n} samples)", student.importance_estimate(x, log_p, log_q),
                    ref.importance_estimate(x, log_p, log_q), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("very large log-weights (stability)", "非常に大きな対数重み（数値的安定性）")
@pytest.mark.points(1)
def test_huge_log_weights(student, check, gen):
    # log weights around ±800: exp overflows to inf (or underflows to 0) unless the max is subtracted
    s = 12
    x = rand(gen, s)
    log_q = rand(gen, s) - 800.0
    log_p = rand(gen, s) + 10.0
    check.close("importance_estimate (log weights near 810)", student.importance_estimate(x, log_p, log_q),
                ref.importance_estimate(x, log_p, log_q),
                hint_en="Work in log space: subtract the largest log weight before exp (or use torch.softmax / "
                        "logsumexp); exp(810) is inf.",
                hint_ja="対数空間で計算してください。exp の前に最大の対数重みを引く（または torch.softmax / logsumexp を使う）"
                        "必要があります。exp(810) は inf です。")
