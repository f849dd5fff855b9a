"""ddpm_step: one ancestral step for epsilon / v / sample prediction, clipping, both fixed variances."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import carried, rand, schedule

pytestmark = [pytest.mark.grade_id("ddpm_step"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.carried_from("posterior")]

HINT_EN = ("x0_hat: epsilon -> (x_t - sqrt(1 - abar_t) out) / sqrt(abar_t); v_prediction -> sqrt(abar_t) x_t - "
           "sqrt(1 - abar_t) out; sample -> out. Clip x0_hat only when clip_sample. Mean = c0 x0_hat + ct x_t with "
           "beta = 1 - abar_t / abar_prev; add sqrt(var) * noise only when t > 0 (fixed_small: posterior variance, "
           "fixed_large: beta).")
HINT_JA = ("x0_hat は epsilon なら (x_t - sqrt(1 - abar_t) out) / sqrt(abar_t)、v_prediction なら sqrt(abar_t) x_t - "
           "sqrt(1 - abar_t) out、sample なら out。clip_sample のときだけ x0_hat をクリップします。平均は c0 x0_hat + ct x_t"
           "（β = 1 - abar_t / abar_prev）。t > 0 のときだけ sqrt(var) * noise を加えます（fixed_small は事後分散、"
           "fixed_large は β）。")


def _carried(student, out, t, x, ac, noise, t_prev, prediction_type, variance_type, clip, clip_range=1.0):
    """The step built from the student's own posterior_coefficients (error carried forward)."""
    def build():
        tp = t - 1 if t_prev is None else t_prev
        c0, ct, var = student.posterior_coefficients(ac, torch.tensor([t]), torch.tensor([tp]))
        a_t = ac[t]
        a_prev = ac[tp] if tp >= 0 else torch.tensor(1.0, dtype=torch.float64)
        xd, od = x.double(), out.double()
        x0 = {"epsilon": (xd - (1 - a_t).sqrt() * od) / a_t.sqrt(), "sample": od,
              "v_prediction": a_t.sqrt() * xd - (1 - a_t).sqrt() * od}[prediction_type]
        if clip:
            x0 = x0.clamp(-clip_range, clip_range)
        mean = c0.double().reshape(()) * x0 + ct.double().reshape(()) * xd
        if t == 0:
            return mean
        v = var.double().reshape(()) if variance_type == "fixed_small" else 1 - a_t / a_prev
        return mean + v.sqrt() * noise.double()
    tp = t - 1 if t_prev is None else t_prev
    coeffs = (lambda a: student.posterior_coefficients(a, torch.tensor([t]), torch.tensor([tp])),
              lambda a: ref.posterior_coefficients(a, torch.tensor([t]), torch.tensor([tp])), (ac,), (ac ** 1.1,))
    return carried(build, coeffs)


def _run(student, check, gen, label, shape, dtype, ts, ac, prediction_type="epsilon", variance_type="fixed_small",
         clip=False, t_prev=None, clip_range=None, noise=True):
    """*noise* False passes ``noise=None`` (allowed at t = 0 only: the spec requires noise when t > 0)."""
    for t in ts:
        x = rand(gen, *shape, dtype=dtype, scale=1.5)
        out = rand(gen, *shape, dtype=dtype)
        z = rand(gen, *shape, dtype=dtype) if noise else None
        kw = dict(noise=z, t_prev=t_prev, prediction_type=prediction_type, variance_type=variance_type,
                  clip_sample=clip)
        if clip_range is not None:
            kw["clip_sample_range"] = clip_range
        # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
        cf = _carried(student, out, t, x, ac, z, t_prev, prediction_type, variance_type, clip,
                      1.0 if clip_range is None else clip_range)
        got = student.ddpm_step(out, t, x, ac, **kw)
        want = ref.ddpm_step(out, t, x, ac, **kw)
        check.close_any(f"ddpm_step x_prev ({label}, t={t}, t_prev={t - 1 if t_prev is None else t_prev})",
                  got, [want, cf], hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("epsilon prediction, fixed_small variance", "ε 予測、fixed_small 分散")
@pytest.mark.points(1)
def test_epsilon_fixed_small(student, check, gen):
    _run(student, check, gen, "epsilon, fixed_small", (3, 2), torch.float64, [999, 500, 1], schedule("linear"))
    _run(student, check, gen, "epsilon, fixed_small, float32", (1, 2, 3, 3), torch.float32, [700],
         schedule("scaled_linear"))


@pytest.mark.describe("v prediction", "v 予測")
@pytest.mark.points(1)
def test_v_prediction(student, check, gen):
    _run(student, check, gen, "v_prediction", (4, 3), torch.float64, [998, 250, 2], schedule("squaredcos_cap_v2"),
         prediction_type="v_prediction")


@pytest.mark.describe("clipping, and sample prediction", "クリッピングと sample 予測")
@pytest.mark.points(1)
def test_clipping_and_sample_prediction(student, check, gen):
    ac = schedule("linear")
    _run(student, check, gen, "epsilon, clip_sample=True", (5, 2), torch.float64, [999, 20], ac, clip=True)
    _run(student, check, gen, "sample, clip_sample=True", (2, 3), torch.float64, [600], ac,
         prediction_type="sample", clip=True)
    _run(student, check, gen, "epsilon, clip_sample=True, clip_sample_range=0.5", (4, 3), torch.float64, [999, 300], ac,
         clip=True, clip_range=0.5)


@pytest.mark.describe("large timesteps with skipped steps, and t = 0", "大きな時刻でのステップ飛ばし、および t = 0")
@pytest.mark.points(1)
def test_fixed_large_skipped_steps_and_t0(student, check, gen):
    ac = schedule("linear")
    _run(student, check, gen, "epsilon, fixed_large, skipped", (3, 2), torch.float64, [980], ac,
         variance_type="fixed_large", t_prev=960)
    _run(student, check, gen, "epsilon, fixed_small, skipped", (3, 2), torch.float64, [980], ac, t_prev=960)
    _run(student, check, gen, "epsilon, t = 0 (no noise)", (3, 2), torch.float64, [0], ac)
    _run(student, check, gen, "epsilon, fixed_large, t = 0 (no noise)", (3, 2), torch.float64, [0], ac,
         variance_type="fixed_large")
    _run(student, check, gen, "epsilon, t = 0, noise=None", (3, 2), torch.float64, [0], ac, noise=False)
