"""gmm_log_likelihood: log-likelihood of a diagonal Gaussian mixture with logsumexp."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive, rand, with_log_density

pytestmark = [pytest.mark.grade_id("gmm_log_likelihood"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(gaussian_log_prob="gaussian_log_prob", diag_gaussian_log_prob="gaussian_log_prob"),
              pytest.mark.carried_from("gaussian_log_prob")]

HINT_EN = "log p(x) = logsumexp_k [log π_k + log N(x; μ_k, σ²_k)] (one value per point, shape (N,))."
HINT_JA = "log p(x) = logsumexp_k [log π_k + log N(x; μ_k, σ²_k)] です（点ごとに 1 つ、形状 (N,)）。"


def _params(gen, k, d, dtype):
    w = torch.softmax(rand(gen, k), 0)
    return w.to(dtype), rand(gen, k, d, dtype=dtype, scale=2), positive(gen, k, d, dtype=dtype, low=0.3, high=1.5)


def _carried(student, x, w, m, v):
    """(proxy to call gmm_log_likelihood with, the value carried forward from the student's own log-density)."""
    own_proxy, (own,) = with_log_density(student, (x[:, None, :], m, v))
    return own_proxy, None if own is None else torch.logsumexp(torch.log(w.double()) + own, -1)


@pytest.mark.describe("mixture log-likelihood on random data", "ランダムなデータでの混合分布の対数尤度")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,k,d,dtype", [(6, 3, 2, torch.float64), (1, 1, 3, torch.float32), (5, 4, 1, torch.float32)])
def test_matches_reference(student, check, gen, n, k, d, dtype):
    w, m, v = _params(gen, k, d, dtype)
    x = rand(gen, n, d, dtype=dtype, scale=2)
    # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
    own_proxy, car = _carried(student, x, w, m, v)
    check.close_any("gmm_log_likelihood", own_proxy.gmm_log_likelihood(x, w, m, v),
              [ref.gmm_log_likelihood(x, w, m, v), car], hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("points far from every component (logsumexp stability)", "どの成分からも遠い点（logsumexp の安定性）")
@pytest.mark.points(2)
def test_points_far_from_every_component(student, check, gen):
    # every N(x; μ_k, σ²_k) underflows to 0 in float64 (exponent < -745): log(sum(exp)) = -inf
    w = torch.tensor([0.3, 0.7], dtype=torch.float64)
    m = torch.tensor([[0.0, 0.0], [1.0, -1.0]], dtype=torch.float64)
    v = torch.tensor([[0.02, 0.05], [0.04, 0.02]], dtype=torch.float64)
    x = torch.tensor([[20.0, 15.0], [-12.0, 9.0], [0.1, -0.2]], dtype=torch.float64)
    own_proxy, car = _carried(student, x, w, m, v)
    check.close_any("gmm_log_likelihood (points far from every component)", own_proxy.gmm_log_likelihood(x, w, m, v),
              [ref.gmm_log_likelihood(x, w, m, v), car],
              hint_en="Use torch.logsumexp over the components instead of log(sum(exp(...))): far from every "
                      "component each density underflows to 0 and the log becomes -inf.",
              hint_ja="成分についての和は log(sum(exp(...))) ではなく torch.logsumexp を使ってください。"
                      "どの成分からも遠い点では密度が 0 にアンダーフローし、対数が -inf になります。")
