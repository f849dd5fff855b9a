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


@pytest.mark.describe("two training steps with Adam", "Adam での 2 回の学習ステップ")
@pytest.mark.points(1)
def test_two_adam_steps(student, check, gen, device):
    _run(student, check, gen, device, "Adam", 2, lr=0.01, betas=(0.5, 0.999))


@pytest.mark.describe("three SGD steps, losses returned as floats", "SGD での 3 ステップ、損失を float で返す")
@pytest.mark.points(1)
def test_three_sgd_steps_and_floats(student, check, gen, device):
    out = _run(student, check, gen, device, "SGD", 3, lr=0.05)
    check.true(all(isinstance(v, float) for v in out),
               f"gan_train_step must return Python floats (loss.item()), received {[type(v).__name__ for v in out]}.",
               f"gan_train_step は Python の float（loss.item()）を返してください。受け取った型: "
               f"{[type(v).__name__ for v in out]}。", kind="output")


@pytest.mark.describe("training on the ring of Gaussians", "リング状の混合ガウスでの学習")
@pytest.mark.points(1)
@pytest.mark.call_timeout(120)
@pytest.mark.timeout(180)
def test_trains_on_ring(student, check):
    """1000 steps of the tiny ring GAN (harness, seed 1, LSGAN losses, Adam 1e-3) with the student's step.
    The reference reaches 8/8 modes and 23 % high-quality samples (deterministic on CPU, the same with
    1 or 2 threads); thresholds 6 modes and 5 %."""
    check.true(student.has("gan_train_step"), "gan_train_step is not defined in your notebook.",
               "gan_train_step がノートブックで定義されていません。", kind="missing")
    result = student.harness.train_ring_gan(student.ref("gan_train_step"), 1, 1000, return_states=True)
    check.true(isinstance(result, tuple) and len(result) == 4 and all(isinstance(s, dict) for s in result[2:]),
               "the training helper reported a malformed result; nothing is credited.",
               "学習ヘルパーの結果が不正です。得点になりません。", kind="claim")
    _, _, g_state, d_state = result
    # the trained weights are the worker's claim. (1) The generator they define is sampled here, in the
    # grader, with its own noise; (2) the step that produced them is the student's: one step from the
    # trained weights is replayed through the proxy and must match the reference step from those weights.
    G, D = make_ring_models(1)
    try:
        G.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32) for k, v in g_state.items()})
        D.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32) for k, v in d_state.items()})
    except Exception as exc:  # noqa: BLE001
        check.true(False, f"the trained parameters do not fit the ring GAN ({exc}).",
                   f"学習後のパラメータが円環 GAN に合いません（{exc}）。", kind="claim")
    with torch.no_grad():
        samples = G(torch.randn(2000, 2, generator=torch.Generator().manual_seed(2718)))
    _replay_one_step(student, check, G, D, g_state, d_state)
    modes, frac = ref.mode_coverage(samples, ring_centers(), RING_STD)
    check.true(modes >= 6 and frac >= 0.05,
               f"after 1000 training steps on the ring of 8 Gaussians, your GAN hits {modes}/8 modes with {frac:.1%} "
               f"high-quality samples (the reference reaches 8/8 and about 23 %; thresholds 6 and 5 %). " + ORDER_EN,
               f"円環上の 8 つのガウス分布で 1000 ステップ学習した後、捉えたモードは {modes}/8、高品質サンプルは {frac:.1%} です"
               f"（参照実装は 8/8、約 23 %。しきい値は 6 と 5 %）。" + ORDER_JA, kind="training")


def _replay_one_step(student, check, G, D, g_state, d_state):
    """One SGD step of the student's gan_train_step from the trained weights, against the reference's."""
    g = torch.Generator().manual_seed(31)
    real = torch.randn(32, 2, generator=g) * 2
    z = torch.randn(32, 2, generator=g)
    Gh, Dh = student.harness.make_ring_models(1)
    Gh.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32).clone() for k, v in g_state.items()})
    Dh.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32).clone() for k, v in d_state.items()})
    out = student.gan_train_step(Gh, Dh, student.harness.make_optimizer(Gh, "SGD", lr=0.01),
                                 student.harness.make_optimizer(Dh, "SGD", lr=0.01), real, z,
                                 harness_ref("lsgan_d_loss"), harness_ref("lsgan_g_loss"))
    expected = ref.gan_train_step(G, D, torch.optim.SGD(G.parameters(), lr=0.01), torch.optim.SGD(D.parameters(), lr=0.01),
                                  real, z, lsgan_d_loss, lsgan_g_loss)
    check.true(isinstance(out, tuple) and len(out) == 2, "gan_train_step must return a tuple (loss_d, loss_g).",
               "gan_train_step はタプル (loss_d, loss_g) を返してください。", kind="output")
    check.close("loss_d of one step from the trained weights", out[0], expected[0], out_dtype=torch.float32,
                hint_en=ORDER_EN, hint_ja=ORDER_JA)
    check.close("loss_g of one step from the trained weights", out[1], expected[1], out_dtype=torch.float32,
                hint_en=ORDER_EN, hint_ja=ORDER_JA)
