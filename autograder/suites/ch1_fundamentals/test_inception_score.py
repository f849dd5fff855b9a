"""inception_score: IS from class probabilities, torchmetrics' split convention (chunks, unbiased std)."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import rand

pytestmark = pytest.mark.grade_id("inception_score")

HINT_EN = ("Per split (contiguous probs.chunk(num_splits)): p(y) = mean of the rows, score = exp(mean_n KL(p(y|x_n) ‖ "
           "p(y))); return the mean and the unbiased std (torch.std) of the split scores.")
HINT_JA = ("分割（連続した probs.chunk(num_splits)）ごとに、p(y) = 行の平均、スコア = exp(mean_n KL(p(y|x_n) ‖ p(y))) "
           "です。分割スコアの平均と不偏標準偏差（torch.std）を返します。")


def _probs(gen, n, c, dtype, temp=2.0):
    return torch.softmax(temp * rand(gen, n, c), 1).to(dtype)


def _get(check, out):
    check.true(isinstance(out, (tuple, list)) and len(out) == 2,
               "inception_score must return (mean, std).", "inception_score は (mean, std) を返してください。",
               kind="type")
    return out


@pytest.mark.describe("IS mean and standard deviation over splits", "分割ごとの IS の平均と標準偏差")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,c,splits,dtype", [(20, 5, 4, torch.float64), (7, 3, 3, torch.float32)])
def test_mean_and_std(student, check, gen, n, c, splits, dtype):
    p = _probs(gen, n, c, dtype)
    mean, std = _get(check, student.inception_score(p, splits))
    emean, estd = ref.inception_score(p, splits)
    check.close(f"IS mean (N={n}, splits={splits})", mean, emean, hint_en=HINT_EN, hint_ja=HINT_JA)
    check.close(f"IS std (N={n}, splits={splits})", std, estd, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("one split, and very confident predictions", "分割 1 つ、および確信度の高い予測")
@pytest.mark.points(1)
def test_single_split_and_sharp_predictions(student, check, gen):
    p = _probs(gen, 9, 4, torch.float64, temp=6.0)
    mean, _ = _get(check, student.inception_score(p, 1))
    check.close("IS mean (one split)", mean, ref.inception_score(p, 1)[0], hint_en=HINT_EN, hint_ja=HINT_JA)
