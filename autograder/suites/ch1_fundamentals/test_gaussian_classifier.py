"""fit_class_conditional_gaussian + class_posterior: the generative classifier."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive, rand, with_log_density

pytestmark = [pytest.mark.grade_id("gaussian_classifier"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(gaussian_log_prob="gaussian_log_prob", diag_gaussian_log_prob="gaussian_log_prob"),
              pytest.mark.carried_from("gaussian_log_prob")]


def _data(gen, n, d, k, dtype):
    y = torch.cat([torch.arange(k), torch.randint(0, k, (n - k,), generator=gen)])
    x = rand(gen, n, d, scale=0.8) + y[:, None].to(torch.float64) * 0.7
    return x.to(dtype), y


@pytest.mark.describe("per-class maximum-likelihood fit", "クラスごとの最尤推定")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,d,k,dtype", [(20, 3, 3, torch.float64), (11, 1, 2, torch.float32)])
def test_fit_mle(student, check, gen, n, d, k, dtype):
    x, y = _data(gen, n, d, k, dtype)
    out = student.fit_class_conditional_gaussian(x, y, k, 0.01)
    check.true(isinstance(out, (tuple, list)) and len(out) == 3,
               "fit_class_conditional_gaussian must return (log_prior, means, variances).",
               "fit_class_conditional_gaussian は (log_prior, means, variances) を返してください。", kind="type")
    lp, mu, var = ref.fit_class_conditional_gaussian(x, y, k, 0.01)
    check.close("log_prior", out[0], lp,
                hint_en="The prior is the class frequency N_k / N, returned as its log.",
                hint_ja="事前分布はクラスの頻度 N_k / N で、その対数を返します。")
    check.close("means", out[1], mu, hint_en="means[k] is the average of the rows of x with y == k.",
                hint_ja="means[k] は y == k の行の平均です。")
    check.close("variances", out[2], var,
                hint_en="MLE variance per class divides by N_k (not N_k - 1); then add var_smoothing.",
                hint_ja="クラスごとの分散の最尤推定は N_k で割ります（N_k - 1 ではない）。その後 var_smoothing を足します。")


@pytest.mark.describe("class posterior probabilities", "クラス事後確率")
@pytest.mark.points(1)
@pytest.mark.parametrize("n,k,dtype", [(1, 2, torch.float64), (7, 4, torch.float32)])
def test_posterior(student, check, gen, n, k, dtype):
    d = 3
    x = rand(gen, n, d, dtype=dtype, scale=2)
    lp = torch.log_softmax(rand(gen, k), 0).to(dtype)
    mu, var = rand(gen, k, d, dtype=dtype), positive(gen, k, d, dtype=dtype)
    # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
    own_proxy, (own,) = with_log_density(student, (x[:, None, :], mu, var))
    got = own_proxy.class_posterior(x, lp, mu, var)
    carried = None if own is None else torch.softmax(lp.double() + own, -1)
    check.close_any("class_posterior", got, [ref.class_posterior(x, lp, mu, var), carried],
              hint_en="p(k | x) = softmax_k(log π_k + log N(x; μ_k, σ²_k)): include the prior and normalise over "
                      "the classes (last dimension).",
              hint_ja="p(k | x) = softmax_k(log π_k + log N(x; μ_k, σ²_k)) です。事前分布を含め、"
                      "クラス方向（最後の次元）で正規化してください。")


@pytest.mark.describe("a point far from every class (numerical stability)", "どのクラスからも遠い点（数値的安定性）")
@pytest.mark.points(1)
def test_posterior_far_from_every_class(student, check, gen):
    # densities underflow to exactly 0 in float64 here: p / sum(p) gives NaN, softmax of logs does not
    mu = torch.tensor([[0.0, 0.0], [1.0, 1.0], [-1.0, 2.0]], dtype=torch.float64)
    var = torch.full((3, 2), 0.05, dtype=torch.float64)
    lp = torch.log(torch.tensor([0.2, 0.5, 0.3], dtype=torch.float64))
    x = torch.tensor([[30.0, 30.0], [-25.0, 0.5], [0.3, 0.2]], dtype=torch.float64)
    # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
    own_proxy, (own,) = with_log_density(student, (x[:, None, :], mu, var))
    got = own_proxy.class_posterior(x, lp, mu, var)
    carried = None if own is None else torch.softmax(lp + own, -1)
    check.close_any("class_posterior (points far from every class)", got,
              [ref.class_posterior(x, lp, mu, var), carried],
              hint_en="Normalise in log space (torch.softmax or logsumexp); exp of the log-densities underflows to 0 "
                      "far from every class and 0/0 = NaN.",
              hint_ja="正規化は対数空間で行ってください（torch.softmax や logsumexp）。どのクラスからも遠い点では"
                      "密度の exp が 0 にアンダーフローし、0/0 = NaN になります。")
