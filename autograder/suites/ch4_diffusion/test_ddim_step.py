"""ddim_step: the DDIM update with eta, the previous timestep taken from the list (cases C04, C05)."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand, schedule

pytestmark = pytest.mark.grade_id("ddim_step")

HINT_EN = ("t_prev is the element after t in timesteps (abar_prev = final_alpha_cumprod after the last one), not "
           "t - T // n; x0_hat and eps_hat from the prediction type; sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) "
           "sqrt(1 - abar_t / abar_prev); x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps_hat "
           "+ sigma noise.")
HINT_JA = ("t_prev は timesteps の中で t の次の要素です（最後の後は abar_prev = final_alpha_cumprod）。t - T // n ではありません。"
           "予測の種類から x0_hat と eps_hat を求め、σ = η sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev)、"
           "x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - σ²) eps_hat + σ noise です。")


def _run(student, check, gen, label, ts, ac, steps, shape=(3, 2), dtype=torch.float64, **kw):
    for t in steps:
        x, out = rand(gen, *shape, dtype=dtype, scale=1.5), rand(gen, *shape, dtype=dtype)
        noise = rand(gen, *shape, dtype=dtype) if kw.get("eta", 0) > 0 else None
        check.close(f"ddim_step x_prev ({label}, t={t})",
                    student.ddim_step(out, t, x, ts, ac, noise=noise, **kw),
                    ref.ddim_step(out, t, x, ts, ac, noise=noise, **kw), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("deterministic step (eta = 0), leading spacing", "決定的なステップ（eta = 0）、leading 間隔")
@pytest.mark.points(1)
def test_deterministic_leading(student, check, gen):
    ac = schedule("linear")
    ts = ref.ddim_timesteps(1000, 20, "leading", 1)
    _run(student, check, gen, "eta=0, leading, 20 steps, steps_offset=1", ts, ac, [951, 501, 1])
    _run(student, check, gen, "eta=0, float32 images", ts, ac, [851], shape=(2, 3, 2, 2), dtype=torch.float32)


@pytest.mark.describe("unevenly spaced timesteps", "不均等な時刻の間隔")
@pytest.mark.points(1)
def test_uneven_spacing_cases(student, check, gen):
    for spacing, n, right_prev, right in [("trailing", 13, 922, 1.556448),   # case C04
                                          ("linspace", 10, 888, 1.942049)]:  # case C05
        ac = schedule("linear")
        ts = ref.ddim_timesteps(1000, n, spacing)
        one = torch.ones(1, 1, dtype=torch.float64)
        got = student.ddim_step(0.5 * one, 999, one, ts, ac)
        check.close(f"ddim_step x_prev ({spacing}, {n} steps, x_t = 1, eps = 0.5, from t = 999 to {right_prev})", got,
                    ref.ddim_step(0.5 * one, 999, one, ts, ac),
                    hint_en=f"From t = 999 the next timestep of the list is {right_prev}, not 999 - 1000 // {n} = "
                            f"{999 - 1000 // n}: take the next element of timesteps. " + HINT_EN,
                    hint_ja=f"t = 999 の次の時刻はリストの {right_prev} で、999 - 1000 // {n} = {999 - 1000 // n} ではありません。"
                            "timesteps の次の要素を使ってください。" + HINT_JA)
        _run(student, check, gen, f"eta=0, {spacing}, {n} steps", ts, ac, [int(ts[3]), int(ts[-1])])


@pytest.mark.describe("eta > 0, prediction types, and the last step", "eta > 0、予測の種類、最後のステップ")
@pytest.mark.points(1)
def test_eta_prediction_types_final_alpha(student, check, gen):
    ac = schedule("scaled_linear")
    ts = ref.ddim_timesteps(1000, 25, "trailing")
    _run(student, check, gen, "eta=1, epsilon", ts, ac, [999, 319], eta=1.0)
    _run(student, check, gen, "eta=0.5, v_prediction", ts, ac, [959], eta=0.5, prediction_type="v_prediction")
    _run(student, check, gen, "eta=0, sample prediction, clip_sample", ts, ac, [799], prediction_type="sample",
         clip_sample=True)
    _run(student, check, gen, "eta=0, clip_sample, clip_sample_range=0.5", ts, ac, [999, 559], clip_sample=True,
         clip_sample_range=0.5)
    _run(student, check, gen, "last step, final_alpha_cumprod = abar[0]", ts, ac, [39], eta=0.3,
         final_alpha_cumprod=float(ac[0]))
