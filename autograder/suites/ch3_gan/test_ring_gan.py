"""Hidden tests: gan_train_step(G, D, opt_g, opt_d, real, z, d_loss_fn, g_loss_fn).

Driven with the harness's tiny ring GAN and least-squares GAN losses (public, not an exercise
of this chapter), so this exercise is graded independently of the loss exercises.
"""
import pytest
import torch

import solutions.ch3_gan as ref
from autograder.harness.ch3_gan import lsgan_d_loss, lsgan_g_loss, make_ring_models, ring_centers, RING_STD
from autograder.proxy import harness_ref

pytestmark = pytest.mark.grade_id("ring_gan")

ORDER_EN = ("D step: fake = G(z).detach(); loss_d = d_loss_fn(D(real), D(fake)); opt_d.zero_grad(); loss_d.backward(); "
            "opt_d.step(). Then G step with the updated D: loss_g = g_loss_fn(D(G(z))); opt_g.zero_grad(); "
            "loss_g.backward(); opt_g.step(). Return (loss_d.item(), loss_g.item())")
ORDER_JA = ("D の更新: fake = G(z).detach()、loss_d = d_loss_fn(D(real), D(fake))、opt_d.zero_grad() → loss_d.backward() → "
            "opt_d.step()。その後、更新後の D で G を更新: loss_g = g_loss_fn(D(G(z)))、opt_g.zero_grad() → "
            "loss_g.backward() → opt_g.step()。(loss_d.item(), loss_g.item()) を返します")


def _setup(student, device, seed, name, **kw):
    G, D = make_ring_models(seed)
    G, D = G.double(), D.double()
    Gh, Dh = student.harness.make_ring_models(seed)
    Gh.to(device.type)
    Gh.double()
    Dh.to(device.type)
    Dh.double()
    opt_g = getattr(torch.optim, name)(G.parameters(), **kw)
    opt_d = getattr(torch.optim, name)(D.parameters(), **kw)
    return (G, D, opt_g, opt_d), (Gh, Dh, student.harness.make_optimizer(Gh, name, **kw),
                                  student.harness.make_optimizer(Dh, name, **kw))


def _run(student, check, gen, device, name, steps, **kw):
    (G, D, og, od), (Gh, Dh, ogh, odh) = _setup(student, device, 3, name, **kw)
    for step in range(steps):
        real = torch.randn(6, 2, generator=gen, dtype=torch.float64) + 1
        z = torch.randn(6, 2, generator=gen, dtype=torch.float64)
        out = student.gan_train_step(Gh, Dh, ogh, odh, real, z, harness_ref("lsgan_d_loss"), harness_ref("lsgan_g_loss"))
        expected = ref.gan_train_step(G, D, og, od, real, z, lsgan_d_loss, lsgan_g_loss)
        check.true(isinstance(out, tuple) and len(out) == 2,
                   "gan_train_step must return a tuple (loss_d, loss_g).",
                   "gan_train_step はタプル (loss_d, loss_g) を返してください。", kind="output")
        check.close(f"returned loss_d ({name}, step {step + 1})", out[0], expected[0], hint_en=ORDER_EN, hint_ja=ORDER_JA)
        check.close(f"returned loss_g ({name}, step {step + 1})", out[1], expected[1],
                    hint_en="loss_g is computed with the discriminator after its update. " + ORDER_EN,
                    hint_ja="loss_g は更新後の Discriminator で計算します。" + ORDER_JA)
        for who, model, h in (("G", G, Gh), ("D", D, Dh)):
            sd = student.harness.state_dict(h)
            for k, v in model.state_dict().items():
                check.close(f"{who} parameter {k} after step {step + 1} ({name})", sd[k], v,
                            hint_en=("the update differs: detach the fake in the D step, zero the gradients of "
                                     "each optimizer before its backward, and step each optimizer once. " + ORDER_EN),
                            hint_ja=("更新結果が違います。D の更新では fake を detach し、各 backward の前にそのオプティマイザで "
                                     "zero_grad() を呼び、step() は 1 回ずつです。" + ORDER_JA))
    return out


@pytest.mark.points(1)
def test_two_adam_steps(student, check, gen, device):
    _run(student, check, gen, device, "Adam", 2, lr=0.01, betas=(0.5, 0.999))


@pytest.mark.points(1)
def test_three_sgd_steps_and_floats(student, check, gen, device):
    out = _run(student, check, gen, device, "SGD", 3, lr=0.05)
    check.true(all(isinstance(v, float) for v in out),
               f"gan_train_step must return Python floats (loss.item()), received {[type(v).__name__ for v in out]}.",
               f"gan_train_step は Python の float（loss.item()）を返してください。受け取った型: "
               f"{[type(v).__name__ for v in out]}。", kind="output")


@pytest.mark.points(1)
@pytest.mark.call_timeout(120)
@pytest.mark.timeout(180)
def test_trains_on_ring(student, check):
    """1000 steps of the tiny ring GAN (harness, seed 1, LSGAN losses, Adam 1e-3) with the student's step.
    The reference reaches 8/8 modes and 23 % high-quality samples (deterministic on CPU, the same with
    1 or 2 threads); thresholds 6 modes and 5 %."""
    check.true(student.has("gan_train_step"), "gan_train_step is not defined in your notebook.",
               "gan_train_step がノートブックで定義されていません。", kind="missing")
    samples, losses = student.harness.train_ring_gan(student.ref("gan_train_step"), 1, 1000)
    modes, frac = ref.mode_coverage(samples, ring_centers(), RING_STD)
    check.true(modes >= 6 and frac >= 0.05,
               f"after 1000 training steps on the ring of 8 Gaussians, your GAN hits {modes}/8 modes with {frac:.1%} "
               f"high-quality samples (the reference reaches 8/8 and about 23 %; thresholds 6 and 5 %). " + ORDER_EN,
               f"円環上の 8 つのガウス分布で 1000 ステップ学習した後、捉えたモードは {modes}/8、高品質サンプルは {frac:.1%} です"
               f"（参照実装は 8/8、約 23 %。しきい値は 6 と 5 %）。" + ORDER_JA, kind="training")
