"""Hidden tests: r1_penalty(critic, real, gamma) = gamma / 2 * mean ||grad_x D(x)||^2."""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder import claims
from autograder.harness.ch3_gan import make_critic

pytestmark = pytest.mark.grade_id("r1_penalty")

HINT_EN = ("R1 = (gamma / 2) * mean over the batch of the squared L2 norm of grad_x D(x) on the real data, summed over "
           "all non-batch dimensions (squared norm, not norm; the factor gamma / 2 included)")
HINT_JA = ("R1 = (gamma / 2) × 本物のデータ上の grad_x D(x) の二乗 L2 ノルム（バッチ以外の全次元で和）のバッチ平均"
           "（ノルムではなく二乗ノルム、係数 gamma / 2 を含む）")


@pytest.mark.describe("penalty value", "ペナルティの値")
@pytest.mark.points(1)
def test_values(student, check, gen):
    x = torch.zeros(2, 3, 2, 2, dtype=torch.float64)
    h = student.harness.make_critic("linear_half", 0, x)
    check.close("R1 (gradient 0.5 everywhere, shape [2, 3, 2, 2], gamma=10)", student.r1_penalty(h, x, 10.0),
                ref.r1_penalty(make_critic("linear_half", 0, x), x, 10.0), hint_en=HINT_EN, hint_ja=HINT_JA)
    # the spec allows critics with (B,) or (B, 1) logits (an nn.Linear(..., 1) head)
    for shape, gamma, kind in [((5, 2, 3, 3), 1.0, "smooth"), ((1, 7), 0.2, "smooth"), ((4, 2, 3, 3), 10.0, "smooth_column")]:
        real = torch.randn(*shape, generator=gen, dtype=torch.float64)
        h = student.harness.make_critic(kind, 5, real)
        logits = "(B, 1) logits" if kind == "smooth_column" else "(B,) logits"
        check.close(f"R1 (smooth critic with {logits}, shape {list(shape)}, gamma={gamma})",
                    student.r1_penalty(h, real, gamma),
                    ref.r1_penalty(make_critic(kind, 5, real), real, gamma), hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("the penalty backpropagates into the critic", "ペナルティが critic に逆伝播する")
@pytest.mark.points(1)
def test_backpropagates_into_critic(student, check, gen):
    real = torch.randn(3, 2, 4, 4, generator=gen, dtype=torch.float64)
    h = student.harness.make_critic("smooth", 9, real)
    direct = student.r1_penalty(h, real, 2.0)   # a stub or a crash is reported under the student's own name
    value, has_graph, grads = student.harness.penalty_with_param_grads(student.ref("r1_penalty"), h, real, 2.0)
    claims.claimed_forward("R1 via the gradient helper", value, direct)
    if has_graph is True:
        claims.confirm_param_gradients(lambda m: student.r1_penalty(m, real, 2.0),
                                       lambda: student.harness.make_critic("smooth", 9, real),
                                       make_critic("smooth", 9, real).state_dict(), grads, "d R1 / d critic parameters")
    check.true(has_graph is True,
               "R1 cannot be backpropagated into the critic's parameters: use torch.autograd.grad(..., create_graph=True) "
               "and return a torch tensor.",
               "R1 を critic のパラメータへ逆伝播できません。torch.autograd.grad(..., create_graph=True) を使い、"
               "torch のテンソルを返してください。", kind="gradient")
    critic = make_critic("smooth", 9, real)
    params = list(critic.named_parameters())
    expected = torch.autograd.grad(ref.r1_penalty(critic, real, 2.0), [p for _, p in params], allow_unused=True)
    for (n, _), e in zip(params, expected):
        if e is None:  # the output bias does not change the input gradient
            continue
        check.close(f"d R1 / d critic.{n}", grads.get(n) if isinstance(grads, dict) else None, e,
                    hint_en=HINT_EN, hint_ja=HINT_JA)
