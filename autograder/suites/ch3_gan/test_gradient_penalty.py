"""Hidden tests: gradient_penalty(critic, real, fake, alpha) (WGAN-GP). Cases C10, C11.

Critics are built in the worker by the public harness (autograder/harness/ch3_gan.py) and
rebuilt here from the same seed; ``penalty_with_param_grads`` backpropagates the student's
penalty into the critic's parameters in the worker (checks create_graph=True).
"""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder import claims
from autograder.harness.ch3_gan import make_critic

pytestmark = pytest.mark.grade_id("gradient_penalty")

NORM_EN = ("take the L2 norm of each sample's gradient over ALL non-batch dimensions (grad.flatten(1).norm(dim=1)), "
           "not over dim 1 only; then mean((norm - 1)^2)")
NORM_JA = ("各サンプルの勾配の L2 ノルムはバッチ以外のすべての次元でとります（grad.flatten(1).norm(dim=1)）。dim=1 だけではありません。"
           "その後 mean((norm - 1)²)")
HINT_EN = ("x_hat = alpha * real + (1 - alpha) * fake with one alpha per sample (alpha.view(B, 1, ...)); "
           "grad = autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True); " + NORM_EN)
HINT_JA = ("x_hat = alpha · real + (1 - alpha) · fake（alpha はサンプルごと、alpha.view(B, 1, ...)）、"
           "grad = autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)。" + NORM_JA)


def _case(student, check, shape):
    x = torch.zeros(*shape, dtype=torch.float64)
    critic = student.harness.make_critic("linear_half", 0, x)
    alpha = torch.full((shape[0],), 0.5, dtype=torch.float64)
    expected = ref.gradient_penalty(make_critic("linear_half", 0, x), x, x + 1, alpha)
    check.close(f"gradient penalty for a gradient of 0.5 everywhere, shape {list(shape)}",
                student.gradient_penalty(critic, x, x + 1, alpha), expected, hint_en=NORM_EN, hint_ja=NORM_JA)
    # a fixed case (C10's right answer is 0): the same function must also be right on random inputs, so a
    # constant or a remembered value does not collect the point
    g = torch.Generator().manual_seed(1010)
    real, fake = (torch.randn(3, *shape[1:], generator=g, dtype=torch.float64) for _ in range(2))
    a = torch.rand(3, generator=g, dtype=torch.float64)
    h = student.harness.make_critic("smooth", 5, real)
    check.close(f"gradient penalty (smooth critic, random inputs, shape {[3, *shape[1:]]})",
                student.gradient_penalty(h, real, fake, a), ref.gradient_penalty(make_critic("smooth", 5, real), real,
                                                                                  fake, a),
                hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("gradient norm over all dimensions, one channel", "全次元での勾配ノルム（1 チャンネル）")
@pytest.mark.points(1)
def test_case_c10_norm_over_all_dims_single_channel(student, check):
    # C10: gradient 0.5 everywhere, shape [1, 1, 2, 2]: norm 1, penalty 0 (dim-1 norm gives 0.25)
    _case(student, check, (1, 1, 2, 2))


@pytest.mark.describe("gradient norm over all dimensions, three channels", "全次元での勾配ノルム（3 チャンネル）")
@pytest.mark.points(1)
def test_case_c11_norm_over_all_dims_three_channels(student, check):
    # C11: shape [1, 3, 2, 2]: norm sqrt(3), penalty 0.535898 (dim-1 norm gives 0.017949)
    _case(student, check, (1, 3, 2, 2))


@pytest.mark.describe("a smooth critic", "滑らかな critic")
@pytest.mark.points(1)
def test_smooth_critic_values(student, check, gen):
    # the spec allows critics with (B,) or (B, 1) scores (an nn.Linear(..., 1) head)
    for shape, kind in [((5, 3, 4, 4), "smooth"), ((1, 2, 3, 3), "smooth"), ((4, 6), "smooth"),
                        ((3, 2, 4, 4), "smooth_column")]:
        real = torch.randn(*shape, generator=gen, dtype=torch.float64)
        fake = torch.randn(*shape, generator=gen, dtype=torch.float64)
        alpha = torch.rand(shape[0], generator=gen, dtype=torch.float64)
        h = student.harness.make_critic(kind, 7, real)
        expected = ref.gradient_penalty(make_critic(kind, 7, real), real, fake, alpha)
        scores = "(B, 1) scores" if kind == "smooth_column" else "(B,) scores"
        check.close(f"gradient penalty (smooth critic with {scores}, shape {list(shape)})",
                    student.gradient_penalty(h, real, fake, alpha),
                    expected, hint_en=HINT_EN, hint_ja=HINT_JA)


@pytest.mark.describe("the penalty backpropagates into the critic", "ペナルティが critic に逆伝播する")
@pytest.mark.points(1)
def test_backpropagates_into_critic(student, check, gen):
    real = torch.randn(4, 2, 3, 3, generator=gen, dtype=torch.float64)
    fake = torch.randn(4, 2, 3, 3, generator=gen, dtype=torch.float64)
    alpha = torch.rand(4, generator=gen, dtype=torch.float64)
    h = student.harness.make_critic("smooth", 3, real)
    direct = student.gradient_penalty(h, real, fake, alpha)   # a stub or a crash is reported under the student's own name
    value, has_graph, grads = student.harness.penalty_with_param_grads(student.ref("gradient_penalty"), h,
                                                                       real, fake, alpha)
    # the helper's value and gradients are claims: the value must be the student's own, and the gradients
    # the derivative of the student's function (finite differences on freshly loaded critics)
    claims.claimed_forward("gradient penalty via the gradient helper", value, direct)
    if has_graph is True:
        claims.confirm_param_gradients(lambda m: student.gradient_penalty(m, real, fake, alpha),
                                       lambda: student.harness.make_critic("smooth", 3, real),
                                       make_critic("smooth", 3, real).state_dict(), grads,
                                       "d penalty / d critic parameters")
    check.true(has_graph is True,
               "the penalty cannot be backpropagated into the critic's parameters: call torch.autograd.grad(..., "
               "create_graph=True) and keep the result a torch tensor (no .item(), .detach()).",
               "ペナルティを critic のパラメータへ逆伝播できません。torch.autograd.grad(..., create_graph=True) を使い、"
               "結果を torch のテンソルのままにしてください（.item()、.detach() を使わない）。", kind="gradient")
    critic = make_critic("smooth", 3, real)
    penalty = ref.gradient_penalty(critic, real, fake, alpha)
    names = [n for n, _ in critic.named_parameters()]
    expected = torch.autograd.grad(penalty, [p for _, p in critic.named_parameters()], allow_unused=True)
    for n, e in zip(names, expected):
        if e is None:  # the output bias does not change the input gradient
            continue
        check.close(f"d penalty / d critic.{n}", grads.get(n) if isinstance(grads, dict) else None, e,
                    hint_en=HINT_EN, hint_ja=HINT_JA)
