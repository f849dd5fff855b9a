"""q_sample: the forward process q(x_t | x_0) with per-sample timesteps."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.suites.ch4_diffusion._common import rand, schedule

pytestmark = pytest.mark.grade_id("q_sample")

HINT_EN = ("x_t = sqrt(abar[t]) * x0 + sqrt(1 - abar[t]) * noise, with abar[t] gathered per sample and "
           "reshaped to (B, 1, ..., 1) so it broadcasts over the other dimensions.")
HINT_JA = ("x_t = sqrt(abar[t]) * x0 + sqrt(1 - abar[t]) * noise です。abar[t] はサンプルごとに取り出し、"
           "(B, 1, ..., 1) に reshape して他の次元にブロードキャストします。")


@pytest.mark.describe("several shapes and dtypes", "いろいろな形状と dtype")
@pytest.mark.points(1)
def test_shapes_and_dtypes(student, check, gen):
    for shape, dtype in [((1, 2), torch.float64), ((5, 3), torch.float32),
                                         ((3, 1, 4, 5), torch.float64)]:
        ac = schedule("linear")
        x0, noise = rand(gen, *shape, dtype=dtype), rand(gen, *shape, dtype=dtype)
        t = torch.randint(0, 1000, (shape[0],), generator=gen)
        check.close(f"q_sample {shape} {dtype}", student.q_sample(x0, t, noise, ac), ref.q_sample(x0, t, noise, ac),
                    hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("a different timestep per sample (cosine schedule)", "サンプルごとに異なる時刻（コサインスケジュール）")
@pytest.mark.points(1)
def test_per_sample_timesteps_cosine(student, check, gen):
    ac = schedule("squaredcos_cap_v2")
    t = torch.tensor([0, 999, 500, 1, 250, 998])
    x0, noise = rand(gen, 6, 2, 3), rand(gen, 6, 2, 3)
    check.close("q_sample (t = [0, 999, 500, 1, 250, 998], cosine schedule)", student.q_sample(x0, t, noise, ac),
                ref.q_sample(x0, t, noise, ac), hint_en=HINT_EN, hint_ja=HINT_JA)
