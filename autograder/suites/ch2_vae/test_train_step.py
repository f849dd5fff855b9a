"""Hidden tests: train_step(model, optimizer, x, eps, loss_fn).

Driven with the harness's TinyVAE and toy_loss (not the exercise's VAE or ELBO),
so this exercise is graded independently of the others.
"""
import pytest
import torch

import solutions.ch2_vae as ref
from autograder.harness.ch2_vae import TinyVAE, toy_loss
from autograder.proxy import harness_ref

pytestmark = pytest.mark.grade_id("train_step")

ORDER_EN = ("model.train(); optimizer.zero_grad(); logits, mu, logvar = model(x, eps); "
            "loss = loss_fn(logits, x, mu, logvar); loss.backward(); optimizer.step(); return loss.item()")
ORDER_JA = ("model.train() → optimizer.zero_grad() → logits, mu, logvar = model(x, eps) → "
            "loss = loss_fn(logits, x, mu, logvar) → loss.backward() → optimizer.step() → return loss.item()")


def _setup(student, gen, d=6, j=2, lr=0.1, momentum=0.0):
    model = TinyVAE(d, j).double()  # default init is overwritten from ``gen`` below
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * 0.5)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    h = student.harness.make_tiny(d, j, state)
    opt_h = student.harness.make_optimizer(h, "SGD", lr=lr, momentum=momentum)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum)
    return model, opt, h, opt_h


@pytest.mark.describe("two training steps", "2 回の学習ステップ")
@pytest.mark.points(2)
def test_two_steps_match_reference(student, check, gen):
    model, opt, h, opt_h = _setup(student, gen, momentum=0.0)
    for step in range(2):
        x = torch.rand(5, 6, generator=gen, dtype=torch.float64)
        eps = torch.randn(5, 2, generator=gen, dtype=torch.float64)
        loss = student.train_step(h, opt_h, x, eps, harness_ref("toy_loss"))
        expected = ref.train_step(model, opt, x, eps, toy_loss)
        check.close(f"returned loss (step {step + 1})", loss, expected,
                    hint_en="return the loss computed before optimizer.step(), as a float: " + ORDER_EN,
                    hint_ja="optimizer.step() の前に計算した損失を float で返します: " + ORDER_JA)
        sd = student.harness.state_dict(h)
        for k, v in model.state_dict().items():
            check.close(f"parameter {k} after step {step + 1}", sd[k], v,
                        hint_en="the update differs: did you call zero_grad() before backward() (gradients "
                                "accumulate otherwise), backward() before step(), and step() exactly once? " + ORDER_EN,
                        hint_ja="更新結果が違います。backward() の前に zero_grad() を呼びましたか（呼ばないと勾配が蓄積します）？"
                                "step() は backward() の後に 1 回だけです。" + ORDER_JA)


@pytest.mark.describe("returns the loss as a Python float", "損失を Python の float で返す")
@pytest.mark.points(1)
def test_returns_python_float(student, check, gen):
    model, opt, h, opt_h = _setup(student, gen)
    x = torch.rand(3, 6, generator=gen, dtype=torch.float64)
    eps = torch.randn(3, 2, generator=gen, dtype=torch.float64)
    loss = student.train_step(h, opt_h, x, eps, harness_ref("toy_loss"))
    check.true(isinstance(loss, float),
               f"train_step must return a Python float (loss.item()), received {type(loss).__name__}.",
               f"train_step は Python の float（loss.item()）を返してください。受け取った型: {type(loss).__name__}。",
               kind="output")
    # the type alone is not enough: a constant 0.0 is a float too
    check.close("returned loss", loss, ref.train_step(model, opt, x, eps, toy_loss),
                hint_en="return the loss computed before optimizer.step(), as a float: " + ORDER_EN,
                hint_ja="optimizer.step() の前に計算した損失を float で返します: " + ORDER_JA)


@pytest.mark.describe("an optimizer with momentum", "モーメンタム付きの最適化手法")
@pytest.mark.points(1)
def test_momentum_optimizer_state(student, check, gen):
    model, opt, h, opt_h = _setup(student, gen, momentum=0.9, lr=0.05)
    for step in range(3):
        x = torch.rand(4, 6, generator=gen, dtype=torch.float64)
        eps = torch.randn(4, 2, generator=gen, dtype=torch.float64)
        student.train_step(h, opt_h, x, eps, harness_ref("toy_loss"))
        ref.train_step(model, opt, x, eps, toy_loss)
    sd = student.harness.state_dict(h)
    for k, v in model.state_dict().items():
        check.close(f"parameter {k} after 3 momentum steps", sd[k], v,
                    hint_en="use the optimizer you are given (do not create a new one inside train_step). " + ORDER_EN,
                    hint_ja="渡されたオプティマイザを使ってください（train_step の中で新しく作らない）。" + ORDER_JA)
