"""Hidden tests: the VAE nn.Module (spec: fc1, fc21, fc22, fc3, fc4).

Forward outputs are compared with the reference VAE loaded with the same
weights.  Error carried forward (:mod:`autograder.carry`): logits decoded from
the student's own reparameterize(mu, logvar, eps) are also accepted where that
function is informative; where it cannot be used (a stub, it raises, it draws its
own noise, it is degenerate or has another shape) the module runs with the
*reference* reparameterize served in place of the notebook's
(:func:`autograder.carry.dependent`), and so does the training test wherever the
notebook's reparameterize is not sound for training (wrong, detached, or new
noise at each call): the module is graded on its own, always, and one mistake
costs one exercise.  Every test also checks something a module that is not a VAE
cannot satisfy: forward's mu and logvar from the specified layers, and after
training, forward's outputs at the trained weights.
"""
import pytest
import torch

import solutions.ch2_vae as ref
from autograder import claims
from autograder.carry import Upstream, classify, dependent
from autograder.messages import GradingFailure

pytestmark = [pytest.mark.grade_id("vae_module"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(reparameterize="reparameterize"),
              pytest.mark.carried_from("reparameterize")]

SPEC_EN = ("layers fc1: Linear(input_dim, hidden_dim), fc21/fc22: Linear(hidden_dim, latent_dim) for mu/logvar, "
           "fc3: Linear(latent_dim, hidden_dim), fc4: Linear(hidden_dim, input_dim); ReLU after fc1 and fc3 only")
SPEC_JA = ("層 fc1: Linear(input_dim, hidden_dim)、fc21/fc22: Linear(hidden_dim, latent_dim)（mu/logvar）、"
           "fc3: Linear(latent_dim, hidden_dim)、fc4: Linear(hidden_dim, input_dim)。ReLU は fc1 と fc3 の後だけ")


def _reparameterize_is_sound(student) -> bool:
    """Whether the notebook's own reparameterize gives the reference z, the same z on a second
    call, and the reference gradients (it is graded in its own exercise; here it only decides
    whether a failure of the VAE can be attributed to the module)."""
    g = torch.Generator().manual_seed(2024)  # private: leaves the test's ``gen`` stream alone
    mu, logvar, eps = (torch.randn(4, 3, generator=g, dtype=torch.float64) for _ in range(3))
    expected = ref.reparameterize(mu, logvar, eps)
    try:
        first = torch.as_tensor(student.reparameterize(mu, logvar, eps), dtype=torch.float64)
        second = torch.as_tensor(student.reparameterize(mu, logvar, eps), dtype=torch.float64)
        _, grads = claims.grad_of(student, "reparameterize", [mu, logvar, eps], [0, 1])
    except Exception:  # noqa: BLE001 - missing, raising or a forged gradient: not sound
        return False
    if first.shape != expected.shape or any(gr is None for gr in grads):
        return False
    return bool(torch.allclose(first, expected) and torch.allclose(second, expected)
                and torch.allclose(grads[0], torch.ones_like(mu))
                and torch.allclose(grads[1], 0.5 * torch.exp(0.5 * logvar) * eps))


def _forward_proxy(student):
    """The proxy to build the student's VAE with for a forward pass: the student's own where their
    reparameterize can be used, else one that serves the reference reparameterize in its place
    (:func:`autograder.carry.dependent`)."""
    g = torch.Generator().manual_seed(2025)  # private: leaves the test's ``gen`` stream alone
    mu, logvar, eps = (torch.randn(4, 3, generator=g, dtype=torch.float64) for _ in range(3))
    own, _replaced = dependent(student, Upstream("reparameterize", ref.reparameterize,
                                                 (student.reparameterize, ref.reparameterize, (mu, logvar, eps))))
    return own


def _reference(gen, dims):
    model = ref.VAE(*dims).double()  # default init is overwritten from ``gen`` below
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.randn(p.shape, generator=gen, dtype=torch.float64) * 0.3)
    return model


@pytest.mark.describe("the layers the spec names (fc1, fc21, fc22, fc3, fc4)", "仕様どおりの層（fc1, fc21, fc22, fc3, fc4）")
@pytest.mark.points(1)
def test_state_dict_spec(student, check):
    h = student.VAE(64, 32, 2)
    sd = h.state_dict()
    expected = ref.VAE(64, 32, 2).state_dict()
    check.true(isinstance(sd, dict) and sorted(sd) == sorted(expected),
               f"state_dict keys differ from the spec: expected {sorted(expected)}, received "
               f"{sorted(sd) if isinstance(sd, dict) else type(sd).__name__}. " + SPEC_EN,
               f"state_dict のキーが仕様と違います。期待 {sorted(expected)}、受け取ったキー "
               f"{sorted(sd) if isinstance(sd, dict) else type(sd).__name__}。" + SPEC_JA, kind="shape")
    for k, v in expected.items():
        check.shape(f"state_dict[{k!r}]", sd[k], tuple(v.shape), hint_en=SPEC_EN, hint_ja=SPEC_JA)
    _check_encoder_through_forward(student, check, torch.Generator().manual_seed(77), (64, 32, 2), 6)


def _check_encoder_through_forward(student, check, gen, dims, b):
    """The layers are the ones forward uses: with the reference's weights loaded, forward's mu and
    logvar are the reference encoder's (a module with the right parameters but another forward fails)."""
    model = _reference(gen, dims)
    h = _forward_proxy(student).VAE(*dims)
    h.double()
    h.load_state_dict({k: v.clone() for k, v in model.state_dict().items()})
    x = torch.rand(b, dims[0], generator=gen, dtype=torch.float64)
    eps = torch.randn(b, dims[2], generator=gen, dtype=torch.float64)
    out, _ = _forward_against(check, h, model, x, eps, "forward(x, eps)")
    pre = lambda: _own_logits(student, model, x, eps)  # noqa: E731 - only after forward (see _own_logits)
    return h, model, x, eps, out, pre


def _forward_against(check, h, model, x, eps, label):
    """``h(x, eps)`` must be a (logits, mu, logvar) tuple whose mu and logvar are ``model``'s;
    returns (the student's outputs, the reference's logits)."""
    out = h(x, eps)
    check.true(isinstance(out, tuple) and len(out) == 3,
               "forward(x, eps) must return a tuple (logits, mu, logvar).",
               "forward(x, eps) はタプル (logits, mu, logvar) を返してください。", kind="output")
    with torch.no_grad():
        logits, mu, logvar = model(x, eps)
    check.close(f"{label}[1] (mu from fc1 and fc21)", out[1], mu, hint_en=SPEC_EN, hint_ja=SPEC_JA)
    check.close(f"{label}[2] (logvar from fc1 and fc22)", out[2], logvar,
                hint_en="logvar = fc22(h) with no activation; " + SPEC_EN, hint_ja="logvar = fc22(h)（活性化なし）。" + SPEC_JA)
    return out, logits


@pytest.mark.describe("forward pass", "順伝播")
@pytest.mark.points(2)
def test_forward_matches_reference(student, check, gen):
    for dims, b in [((64, 32, 2), 5), ((13, 7, 3), 1)]:
        h, model, x, eps, out, pre = _check_encoder_through_forward(student, check, gen, dims, b)
        with torch.no_grad():
            logits, _, _ = model(x, eps)
        try:
            check.close("logits", out[0], logits, hint_en="logits = fc4(relu(fc3(z))) with z = mu + exp(0.5 logvar) eps; "
                        "no sigmoid on the output", hint_ja="logits = fc4(relu(fc3(z)))、z = mu + exp(0.5 logvar) eps。"
                        "出力に sigmoid をかけない")
        except GradingFailure as first:
            _logits_carried_forward(check, out[0], logits, pre, first)


def _own_logits(student, model, x, eps) -> tuple:
    """(kind, logits decoded from the student's own z): what forward's logits may be carried forward
    from.  ``kind`` is :func:`autograder.carry.classify` of the student's reparameterize on the
    reference mu/logvar.

    Computed only *after* the student's forward has returned and its mu and logvar were checked: this
    hands the reference encoder's mu and logvar for ``x`` to the student's reparameterize, and a
    reparameterize that kept them (keyed by ``eps``) let a forward with a wrong encoder return them
    and pass (found by a fresh attacker: vae_module 5/6 instead of 0/6).  Afterwards they can no
    longer change what forward returned; and a reparameterize that remembers forward's own z gains
    nothing, since the carried value is the *reference* decoder's output on it."""
    with torch.no_grad():
        mu, logvar = model.encode(x)
    kind = classify(student.reparameterize, ref.reparameterize, (mu, logvar, eps))
    if kind != "informative":
        return kind, None
    z = torch.as_tensor(student.reparameterize(mu, logvar, eps), dtype=next(model.parameters()).dtype)
    with torch.no_grad():
        return kind, model.decode(z)


def _logits_carried_forward(check, got, logits, pre, first):
    """Error carried forward for forward's logits: decoded from the student's own z where their
    reparameterize is informative; graded against the reference (``first``) otherwise (the module
    then ran with the reference reparameterize served, see :func:`_forward_proxy`)."""
    kind, own = pre()
    if kind != "informative" or own.shape != logits.shape or torch.allclose(own, logits):
        raise first
    check.close("logits", got, own)
    check.carried_forward("logits")  # credited from the student's own z: the test is excused (autograder.scoring)


@pytest.mark.describe("encode and decode methods", "encode と decode メソッド")
@pytest.mark.points(1)
def test_encode_decode_methods(student, check, gen):
    model = _reference(gen, (20, 8, 3))
    h = student.VAE(20, 8, 3)
    h.double()
    h.load_state_dict({k: v.clone() for k, v in model.state_dict().items()})
    x = torch.rand(4, 20, generator=gen, dtype=torch.float64)
    z = torch.randn(4, 3, generator=gen, dtype=torch.float64)
    enc = h.encode(x)
    with torch.no_grad():
        mu, logvar = model.encode(x)
        logits = model.decode(z)
    check.true(isinstance(enc, tuple) and len(enc) == 2, "encode(x) must return (mu, logvar).",
               "encode(x) は (mu, logvar) を返してください。", kind="output")
    check.close("encode(x)[0] (mu)", enc[0], mu, hint_en=SPEC_EN, hint_ja=SPEC_JA)
    check.close("decode(z)", h.decode(z), logits, hint_en="decode returns logits: fc4(relu(fc3(z))), no sigmoid",
                hint_ja="decode はロジット fc4(relu(fc3(z))) を返します（sigmoid なし）")
    # forward(x) with eps=None (the spec's default) draws eps itself: the random logits are not compared,
    # mu and logvar are (the module runs with the reference reparameterize where the notebook's cannot
    # be used: _forward_proxy)
    hf = _forward_proxy(student).VAE(20, 8, 3)
    hf.double()
    hf.load_state_dict({k: v.clone() for k, v in model.state_dict().items()})
    out = hf(x)
    check.true(isinstance(out, tuple) and len(out) == 3,
               "forward(x) (eps=None) must return a tuple (logits, mu, logvar); when eps is None, draw it with "
               "torch.randn_like(mu).",
               "forward(x)（eps=None）はタプル (logits, mu, logvar) を返してください。eps が None のときは "
               "torch.randn_like(mu) で生成します。", kind="output")
    check.shape("forward(x)[0] (logits, eps=None)", out[0], (4, 20), hint_en=SPEC_EN, hint_ja=SPEC_JA)
    check.close("forward(x)[1] (mu, eps=None)", out[1], mu, hint_en=SPEC_EN, hint_ja=SPEC_JA)
    check.close("forward(x)[2] (logvar, eps=None)", out[2], logvar, hint_en=SPEC_EN, hint_ja=SPEC_JA)


@pytest.mark.describe("training on the digits data", "digits データでの学習")
@pytest.mark.points(2)
@pytest.mark.call_timeout(60)
def test_trains_on_digits(student, check):
    """Train the student's VAE on the embedded 8x8 digits (scikit-learn) with a fixed
    harness loop; the reconstructions on held-out digits must reach what a correct VAE
    reaches (reference: ~0.03 per pixel after 150 steps; threshold 0.045)."""
    from autograder.student import load_digits_tensor

    x_all, _ = load_digits_tensor(torch.float32)
    g = torch.Generator().manual_seed(1234)
    perm = torch.randperm(len(x_all), generator=g)
    train, held = x_all[perm[:1500]], x_all[perm[1500:]]
    steps, batch = 150, 128
    idx = torch.randint(0, len(train), (steps, batch), generator=g)
    xs = train[idx]  # (S, B, 64)
    eps = torch.randn(steps, batch, 8, generator=g)
    # the module trains through the notebook's reparameterize where that is sound for training, else
    # through the reference one served in its place (autograder.carry): only the module is graded here
    trainer = student if _reparameterize_is_sound(student) else student.with_reference(reparameterize=ref.reparameterize)
    h = trainer.VAE(64, 128, 8)
    init = ref.VAE(64, 128, 8)
    state = {}
    for k, v in init.state_dict().items():  # nn.Linear's U(-1/sqrt(fan_in), 1/sqrt(fan_in)), from ``g``
        bound = 1.0 / (v.shape[-1] if k.endswith("weight") else init.state_dict()[k[:-4] + "weight"].shape[-1]) ** 0.5
        state[k] = (torch.rand(v.shape, generator=g) * 2 - 1) * bound
    h.load_state_dict(state)  # the same start for everyone
    losses = trainer.harness.fit_digits(h, xs, eps)
    sd = student.harness.state_dict(h)
    model = ref.VAE(64, 128, 8)
    try:
        model.load_state_dict({k: torch.as_tensor(v, dtype=torch.float32) for k, v in sd.items()})
    except Exception as exc:  # noqa: BLE001
        check.true(False, f"the trained parameters do not fit the spec ({exc}).",
                   f"学習後のパラメータが仕様に合いません（{exc}）。", kind="shape")
    # the trained weights are the student's claim: the model they define is judged here, in the grader,
    # and the student's module must compute the specified VAE at those weights (a model that merely
    # lowers some loss, with a forward that skips the encoder or the reparameterization, fails here)
    _check_trained_forward(student, trainer, check, model, held[:16], torch.randn(16, 8, generator=g))
    with torch.no_grad():
        mu, _ = model.encode(held)
        err = float(((torch.sigmoid(model.decode(mu)) - held) ** 2).mean())
    trained = isinstance(losses, list) and len(losses) == steps and err < 0.045
    check.true(trained,
               f"after {steps} training steps on the digits, the held-out reconstruction error is {err:.4f} per pixel "
               f"(a correct VAE reaches about 0.03; threshold 0.045). " + SPEC_EN,
               f"数字データで {steps} ステップ学習した後の検証データの再構成誤差が 1 画素あたり {err:.4f} です"
               f"（正しい VAE は約 0.03、しきい値 0.045）。" + SPEC_JA, kind="training")


def _check_trained_forward(student, trainer, check, model, x, eps):
    """A fresh student VAE (built through ``trainer``, the proxy it trained with) loaded with the
    trained weights computes the reference forward there."""
    h = trainer.VAE(64, 128, 8)
    h.load_state_dict({k: v.clone() for k, v in model.state_dict().items()})
    out, logits = _forward_against(check, h, model, x, eps, "forward at the trained weights")
    pre = lambda: _own_logits(student, model, x, eps)  # noqa: E731 - only after forward (see _own_logits)
    try:
        check.close("logits at the trained weights", out[0], logits,
                    hint_en="forward must decode z = reparameterize(mu, logvar, eps): " + SPEC_EN,
                    hint_ja="forward は z = reparameterize(mu, logvar, eps) を復号します: " + SPEC_JA)
    except GradingFailure as first:
        _logits_carried_forward(check, out[0], logits, pre, first)
