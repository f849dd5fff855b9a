"""em_step: one EM iteration for a diagonal Gaussian mixture."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive, rand, with_log_density

pytestmark = [pytest.mark.grade_id("em_step"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(gaussian_log_prob="gaussian_log_prob", diag_gaussian_log_prob="gaussian_log_prob"),
              pytest.mark.carried_from("gaussian_log_prob")]

HINTS = {
    "weights": ("π_k = N_k / N with N_k = Σ_n γ_nk (responsibilities normalised over the components k).",
                "π_k = N_k / N、N_k = Σ_n γ_nk です（負担率 γ は成分 k 方向に正規化）。"),
    "means": ("μ_k = Σ_n γ_nk x_n / N_k.", "μ_k = Σ_n γ_nk x_n / N_k です。"),
    "variances": ("σ²_k = Σ_n γ_nk (x_n - μ_k)² / N_k around the NEW means μ_k of this M step.",
                  "σ²_k = Σ_n γ_nk (x_n - μ_k)² / N_k で、μ_k はこの M ステップで求めた「新しい」平均です。"),
}


def _carried(student, x, w, m, v):
    """(proxy to call em_step with, the M step from responsibilities computed with the student's own
    diag_gaussian_log_prob or None)."""
    own_proxy, (own,) = with_log_density(student, (x[:, None, :], m, v))
    if own is None:
        return own_proxy, None
    xd = x.double()
    r = torch.softmax(torch.log(w.double()) + own, -1)
    nk = r.sum(0)
    mu = r.T @ xd / nk[:, None]
    var = (r[:, :, None] * (xd[:, None, :] - mu) ** 2).sum(0) / nk[:, None]
    return own_proxy, (nk / x.shape[0], mu, var)


def _run(student, check, x, w, m, v, label):
    # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
    own_proxy, car = _carried(student, x, w, m, v)
    out = own_proxy.em_step(x, w, m, v)
    check.true(isinstance(out, (tuple, list)) and len(out) == 3,
               "em_step must return (weights, means, variances).",
               "em_step は (weights, means, variances) を返してください。", kind="type")
    exp = ref.em_step(x, w, m, v)
    for i, name in enumerate(("weights", "means", "variances")):
        check.close_any(f"{name} after one EM step{label}", out[i], [exp[i], None if car is None else car[i]],
                  hint_en=HINTS[name][0], hint_ja=HINTS[name][1])


@pytest.mark.describe("one EM iteration on random data", "ランダムなデータでの EM 1 反復")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,k,d,dtype", [(30, 3, 2, torch.float64), (8, 2, 1, torch.float32), (12, 4, 3, torch.float32)])
def test_one_step(student, check, gen, n, k, d, dtype):
    w = torch.softmax(rand(gen, k), 0).to(dtype)
    m, v = rand(gen, k, d, dtype=dtype, scale=1.5), positive(gen, k, d, dtype=dtype, low=0.5, high=2.0)
    x = rand(gen, n, d, dtype=dtype, scale=2)
    _run(student, check, x, w, m, v, "")


@pytest.mark.describe("well-separated clusters", "よく分かれたクラスタ")
@pytest.mark.points(1)
def test_well_separated_clusters(student, check, gen):
    # two tight clusters and one outlier hundreds of standard deviations from both components: its
    # densities underflow to 0, so responsibilities must come from log space (softmax of the log joint)
    x = torch.cat([rand(gen, 6, 2, scale=0.1), rand(gen, 5, 2, scale=0.1, shift=6.0),
                   torch.tensor([[30.0, -20.0]], dtype=torch.float64)])
    w = torch.tensor([0.5, 0.5], dtype=torch.float64)
    m = torch.tensor([[0.5, 0.5], [5.0, 5.0]], dtype=torch.float64)
    v = torch.full((2, 2), 0.01, dtype=torch.float64)
    _run(student, check, x, w, m, v, " (well separated clusters)")
