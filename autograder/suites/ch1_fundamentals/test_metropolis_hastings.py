"""metropolis_hastings_gamma: MH with an asymmetric (log-normal) proposal, deterministic given z and u."""
import pytest
import torch

import solutions.ch1_fundamentals as ref
from autograder.suites.ch1_fundamentals._common import positive

pytestmark = pytest.mark.grade_id("metropolis_hastings")

HINT_EN = ("x' = x exp(step z); accept when log u < log α with log α = (k-1)(log x' - log x) - θ(x' - x) + "
           "(log x' - log x): the last term is the Hastings correction q(x|x')/q(x'|x) = x'/x of the asymmetric "
           "proposal. On rejection the chain repeats x; return every state, shape (T, C).")
HINT_JA = ("x' = x exp(step z) とし、log u < log α のとき採択します。log α = (k-1)(log x' - log x) - θ(x' - x) + "
           "(log x' - log x) で、最後の項が非対称な提案分布の Hastings 補正 q(x|x')/q(x'|x) = x'/x です。"
           "棄却したときは x をもう一度記録し、すべての状態を形状 (T, C) で返します。")


@pytest.mark.describe("the chain for given proposals and uniforms", "与えられた提案・一様乱数での連鎖")
@pytest.mark.points(1)
@pytest.mark.parametrize("t,c,dtype", [(6, 1, torch.float64), (40, 5, torch.float32)])
def test_chain_given_noise(student, check, gen, t, c, dtype):
    x0 = positive(gen, c, dtype=dtype, low=0.3, high=3.0)
    z = torch.randn(t, c, generator=gen, dtype=torch.float64).to(dtype)
    u = torch.rand(t, c, generator=gen, dtype=torch.float64).clamp_min(1e-6).to(dtype)
    got = student.metropolis_hastings_gamma(x0, 2.5, 1.5, 0.8, z, u)
    check.close(f"chain (T={t}, C={c})", got, ref.metropolis_hastings_gamma(x0, 2.5, 1.5, 0.8, z, u),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("a long chain reaches the Gamma target", "長い連鎖がガンマ分布に近づく")
@pytest.mark.points(1)
@pytest.mark.call_timeout(30)
def test_long_chain_targets_gamma(student, check, gen):
    # Statistical test of the stationary distribution: Gamma(3, rate 2), mean 1.5, variance 0.75.
    # 32 chains x 1500 steps, 300 burn-in; integrated autocorrelation time ~4 -> ESS ~ 9600,
    # s.e. of the mean ~ 0.009: the bound 0.08 is ~9 s.e. (false-fail probability < 1e-15 for a
    # valid sampler fed with other noise). Without the Hastings correction the mean is ~1.0.
    k, theta, t, c = 3.0, 2.0, 1500, 32
    z = torch.randn(t, c, generator=gen, dtype=torch.float64)
    u = torch.rand(t, c, generator=gen, dtype=torch.float64).clamp_min(1e-12)
    chain = student.metropolis_hastings_gamma(torch.ones(c, dtype=torch.float64), k, theta, 0.7, z, u)
    chain = check.shape("chain", chain, (t, c), hint_en=HINT_EN, hint_ja=HINT_JA)
    mean = float(chain[300:].double().mean())
    check.true(abs(mean - k / theta) < 0.08,
               f"The long chain's mean after burn-in is {mean:.4g}; a Gamma(shape=3, rate=2) target has mean 1.5. "
               + HINT_EN, f"バーンイン後の長い鎖の平均は {mean:.4g} ですが、Gamma(shape=3, rate=2) の平均は 1.5 です。"
               + HINT_JA)
    # and its spread: a chain that sits at the mean (a constant) is no sampler. Variance 0.75; the sample
    # variance has s.e. ~0.02 at ESS ~9600 (Gamma kurtosis 6/k), so the bound 0.2 is ~10 s.e.
    var = float(chain[300:].double().var())
    check.true(abs(var - k / theta ** 2) < 0.2,
               f"The long chain's variance after burn-in is {var:.4g}; a Gamma(shape=3, rate=2) target has variance "
               f"0.75. " + HINT_EN,
               f"バーンイン後の長い鎖の分散は {var:.4g} ですが、Gamma(shape=3, rate=2) の分散は 0.75 です。" + HINT_JA)
