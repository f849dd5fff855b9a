"""epsilon_loss: the simple DDPM objective for given timesteps and noise."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.harness import ch4_diffusion as H
from autograder.proxy import harness_ref
from autograder.suites.ch4_diffusion._common import carried, rand, schedule

pytestmark = [pytest.mark.grade_id("epsilon_loss"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.carried_from("q_sample")]

HINT_EN = ("Build x_t = sqrt(abar[t]) x0 + sqrt(1 - abar[t]) noise, call eps_model(x_t, t) and return the mean "
           "(over every element) of the squared difference to the noise (not to x0, not a sum).")
HINT_JA = ("x_t = sqrt(abar[t]) x0 + sqrt(1 - abar[t]) noise を作り、eps_model(x_t, t) とノイズとの二乗誤差の"
           "（全要素についての）平均を返します（x0 との誤差や総和ではありません）。")


def _run(student, check, label, x0, t, noise, ac):
    # error carried forward: the student's own q_sample, fixed before epsilon_loss sees these inputs
    cf = carried(lambda: ((H.toy_eps_model(student.q_sample(x0, t, noise, ac).to(x0.dtype), t) - noise) ** 2).mean(),
                 (lambda a, n: student.q_sample(a, t, n, ac), lambda a, n: ref.q_sample(a, t, n, ac), (x0, noise)))
    got = student.epsilon_loss(harness_ref("toy_eps_model"), x0, t, noise, ac)
    want = ref.epsilon_loss(H.toy_eps_model, x0, t, noise, ac)
    check.close_any(f"epsilon_loss {label}", got, [want, cf], hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("loss value", "損失の値")
@pytest.mark.points(1)
def test_value(student, check, gen):
    for B in [1, 6]:
        ac = schedule("linear")
        x0, noise = rand(gen, B, 3), rand(gen, B, 3)
        t = torch.randint(0, 1000, (B,), generator=gen)
        _run(student, check, f"(B={B}, D=3)", x0, t, noise, ac)


@pytest.mark.describe("a batch of images, float32", "画像のバッチ（float32）")
@pytest.mark.points(1)
def test_image_batch_float32(student, check, gen):
    ac = schedule("scaled_linear")
    x0, noise = rand(gen, 3, 2, 3, 3, dtype=torch.float32), rand(gen, 3, 2, 3, 3, dtype=torch.float32)
    t = torch.tensor([999, 0, 412])
    _run(student, check, "(B=3, C=2, H=W=3, float32)", x0, t, noise, ac)
