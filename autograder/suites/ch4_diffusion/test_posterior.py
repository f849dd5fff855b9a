"""posterior_coefficients: q(x_{t_prev} | x_t, x_0), consecutive and skipped steps."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import schedule

pytestmark = pytest.mark.grade_id("posterior")

HINT_EN = ("With skipped steps use the effective beta 1 - abar[t] / abar[t_prev] (not betas[t] or 1 - abar[t] / "
           "abar[t-1]): c0 = sqrt(abar_prev) beta / (1 - abar_t), ct = sqrt(1 - beta) (1 - abar_prev) / (1 - abar_t), "
           "var = (1 - abar_prev) / (1 - abar_t) beta; t_prev = -1 means abar_prev = 1.")
HINT_JA = ("ステップを飛ばすときは実効的な β = 1 - abar[t] / abar[t_prev] を使います（betas[t] や 1 - abar[t] / abar[t-1] "
           "ではありません）。c0 = sqrt(abar_prev) β / (1 - abar_t)、ct = sqrt(1 - β) (1 - abar_prev) / (1 - abar_t)、"
           "var = (1 - abar_prev) / (1 - abar_t) β。t_prev = -1 は abar_prev = 1 を意味します。")


def _check(student, check, label, ac, t, t_prev):
    got = student.posterior_coefficients(ac, t, t_prev)
    want = ref.posterior_coefficients(ac, t, t_prev)
    check.true(isinstance(got, (tuple, list)) and len(got) == 3,
               "posterior_coefficients must return a tuple (c0, ct, var).",
               "posterior_coefficients はタプル (c0, ct, var) を返す必要があります。", kind="type")
    for name, g, w in zip(("c0 (x_0 coefficient)", "ct (x_t coefficient)", "var"), got, want):
        check.close(f"{name}, {label}", g, w, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("consecutive timesteps", "連続する時刻")
@pytest.mark.points(1)
def test_consecutive_steps(student, check, gen):
    ac = schedule("scaled_linear")
    t = torch.randint(1, 1000, (7,), generator=gen)
    _check(student, check, "t_prev = t - 1", ac, t, t - 1)


@pytest.mark.describe("skipped timesteps", "時刻を飛ばす場合")
@pytest.mark.points(1)
def test_skipped_steps(student, check, gen):
    # case C06: 980 -> 960, effective beta 0.324614, posterior variance 0.324605 (not betas[980] = 0.019622)
    ac = schedule("linear")
    t = torch.tensor([980, 999, 500, 21])
    _check(student, check, "skipped steps t = [980, 999, 500, 21], t_prev = [960, 899, 480, 1]", ac, t,
           torch.tensor([960, 899, 480, 1]))


@pytest.mark.describe("the last step (t_prev = -1)", "最後のステップ（t_prev = -1）")
@pytest.mark.points(1)
def test_last_step(student, check, gen):
    ac = schedule("squaredcos_cap_v2", 50)
    # the last step (c0 = 1, ct = 0, var = 0) mixed with ordinary steps in one batch, so a constant
    # answer cannot match every row
    _check(student, check, "t_prev = -1 (abar_prev = 1) beside ordinary steps", ac, torch.tensor([0, 3, 49, 30]),
           torch.tensor([-1, -1, -1, 20]))
