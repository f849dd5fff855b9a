"""gmm_score: the score of an isotropic Gaussian mixture."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand, uniform

pytestmark = pytest.mark.grade_id("gmm_score")

HINT_EN = ("score(x) = sum_k r_k(x) (mu_k - x) / s_k^2, r_k = softmax_k(log w_k + log N(x; mu_k, s_k^2 I)); "
           "the log density of a D-dim isotropic Gaussian has -D log s_k; use logsumexp/softmax so far points "
           "do not give 0/0.")
HINT_JA = ("score(x) = Σ_k r_k(x) (μ_k - x) / s_k²、r_k = softmax_k(log w_k + log N(x; μ_k, s_k² I)) です。"
           "D 次元等方ガウスの対数密度には -D log s_k が入ります。遠い点で 0/0 にならないよう logsumexp / softmax を使います。")


@pytest.mark.describe("random mixtures", "ランダムな混合分布")
@pytest.mark.points(1)
def test_random_mixtures(student, check, gen):
    for N, K, D, dtype in [(1, 1, 1, torch.float64), (9, 3, 2, torch.float64), (5, 4, 3, torch.float32)]:
        w = torch.softmax(rand(gen, K), 0).to(dtype)
        mu = rand(gen, K, D, scale=2.0, dtype=dtype)
        s = uniform(gen, K, low=0.4, high=1.5, dtype=dtype)
        x = rand(gen, N, D, scale=2.0, dtype=dtype)
        check.close(f"gmm_score (N={N}, K={K}, D={D}, {dtype})", student.gmm_score(x, w, mu, s),
                    ref.gmm_score(x, w, mu, s), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("points far from every mode (stability)", "どのモードからも遠い点（数値的安定性）")
@pytest.mark.points(1)
def test_far_from_modes(student, check, gen):
    w = torch.tensor([0.5, 0.3, 0.2], dtype=torch.float64)
    mu = torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]], dtype=torch.float64)
    s = torch.tensor([0.1, 0.2, 0.1], dtype=torch.float64)
    x = torch.tensor([[60.0, 0.0], [0.5, 30.0], [0.2, 0.1]], dtype=torch.float64)
    check.close("gmm_score far from the modes (x = [[60, 0], [0.5, 30], [0.2, 0.1]], s = [.1, .2, .1])",
                student.gmm_score(x, w, mu, s), ref.gmm_score(x, w, mu, s), hint_en=HINT_EN, hint_ja=HINT_JA)
