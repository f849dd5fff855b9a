"""Unit tests of the two trusted-side rules behind score integrity (no worker needed):

* :mod:`autograder.carry`: error carried forward only from an informative upstream;
* :mod:`autograder.claims`: a value or gradient a harness helper reports must be the student's own.
"""
from __future__ import annotations

import pytest
import torch

import solutions.ch2_vae as ref
from autograder import carry, claims
from autograder.messages import GradingFailure

G = torch.Generator().manual_seed(5)
MU, LOGVAR = torch.randn(6, 3, generator=G, dtype=torch.float64), torch.randn(6, 3, generator=G, dtype=torch.float64)


def _stub(*a):
    raise NotImplementedError()


DEGENERATE = {
    "zeros": lambda mu, lv: torch.zeros(mu.shape[0], dtype=mu.dtype),
    "ones": lambda mu, lv: torch.ones(mu.shape[0], dtype=mu.dtype),
    "constant": lambda mu, lv: torch.full((mu.shape[0],), 0.37, dtype=mu.dtype),
    "mean": lambda mu, lv: torch.full((mu.shape[0],), float(ref.gaussian_kl(mu, lv).mean()), dtype=mu.dtype),
    "seeded random": lambda mu, lv: torch.rand(mu.shape[0], generator=torch.Generator().manual_seed(0),
                                               dtype=mu.dtype),
    "stub": _stub,
    "wrong shape constant": lambda mu, lv: torch.zeros(mu.shape[0], 1, dtype=mu.dtype),
    "not a tensor": lambda mu, lv: "KL",
}


@pytest.mark.parametrize("name", list(DEGENERATE))
def test_degenerate_upstreams_carry_nothing(name):
    assert carry.classify(DEGENERATE[name], ref.gaussian_kl, (MU, LOGVAR)) == "degenerate"
    # and the dependent test then uses the reference upstream value
    own = carry.own_or_reference(DEGENERATE[name], ref.gaussian_kl, (MU, LOGVAR))
    assert torch.equal(own, ref.gaussian_kl(MU, LOGVAR))


def test_input_unchanged_is_degenerate():
    eps = torch.randn(6, 3, generator=G, dtype=torch.float64)
    assert carry.classify(lambda mu, lv, e: mu, ref.reparameterize, (MU, LOGVAR, eps)) == "degenerate"
    assert carry.classify(lambda mu, lv, e: e, ref.reparameterize, (MU, LOGVAR, eps)) == "degenerate"


def test_random_values_are_not_carried_forward():
    kind = carry.classify(lambda mu, lv: torch.rand(mu.shape[0], dtype=mu.dtype), ref.gaussian_kl, (MU, LOGVAR))
    assert kind == "random"
    assert not carry.informative(lambda mu, lv: torch.rand(mu.shape[0], dtype=mu.dtype), ref.gaussian_kl,
                                 (MU, LOGVAR))


def test_formula_mistakes_are_carried_forward():
    # a real mistake (variance exp(2 logvar)) informs: one mistake costs one exercise
    wrong = lambda mu, lv: -0.5 * (1 + lv - mu ** 2 - torch.exp(2 * lv)).sum(-1)  # noqa: E731
    assert carry.classify(wrong, ref.gaussian_kl, (MU, LOGVAR)) == "informative"
    assert carry.classify(ref.gaussian_kl, ref.gaussian_kl, (MU, LOGVAR)) == "informative"
    own = carry.own_or_reference(wrong, ref.gaussian_kl, (MU, LOGVAR))
    assert torch.allclose(own, wrong(MU, LOGVAR))
    # a layout mistake (a sum over the batch) and NaN at some inputs (sqrt of a log-variance) are mistakes too
    assert carry.classify(lambda mu, lv: ref.gaussian_kl(mu, lv).sum(), ref.gaussian_kl, (MU, LOGVAR)) == "informative"
    assert carry.classify(lambda mu, lv, e: mu + lv.sqrt() * e, ref.reparameterize,
                          (MU, LOGVAR, torch.randn(6, 3, generator=G, dtype=torch.float64))) == "informative"


def test_constant_that_is_right_stays_informative():
    # the reference itself is constant here (the prior): a constant answer is not held against it
    zeros = torch.zeros(4, 2, dtype=torch.float64)
    assert carry.classify(ref.gaussian_kl, ref.gaussian_kl, (zeros, zeros)) == "informative"


# -- claims --------------------------------------------------------------------------------------------
def _f(x, w):
    return (torch.tanh(x) * w).sum(-1)


def _true_grads(x, w):
    x2, w2 = x.clone().requires_grad_(True), w.clone().requires_grad_(True)
    return torch.autograd.grad(_f(x2, w2).sum(), [x2, w2])


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_true_gradients_are_confirmed(dtype):
    x = (3 * torch.randn(5, 4, generator=G, dtype=torch.float64)).to(dtype)
    w = torch.randn(5, 4, generator=G, dtype=torch.float64).to(dtype)
    claims.confirm_input_gradients(_f, [x, w], list(_true_grads(x, w)), [(0,), (1,)], "d f")


def test_forged_gradients_are_refused():
    x = torch.randn(5, 4, generator=G, dtype=torch.float64)
    w = torch.randn(5, 4, generator=G, dtype=torch.float64)
    gx, gw = _true_grads(x, w)
    with pytest.raises(GradingFailure) as info:
        claims.confirm_input_gradients(_f, [x, w], [torch.ones_like(gx), gw], [(0,), (1,)], "d f")
    assert info.value.kind == "claim" and "not the derivative of your function" in info.value.message.en
    # the gradient of another function (the reference's, with the student's function wrong) is refused too
    with pytest.raises(GradingFailure):
        claims.confirm_input_gradients(lambda a, b: _f(a, b) * 1.1, [x, w], [gx, gw], [(0,), (1,)], "d f")


def test_a_stub_cannot_confirm_anything():
    x = torch.randn(5, 4, generator=G, dtype=torch.float64)
    with pytest.raises(NotImplementedError):
        claims.confirm_input_gradients(_stub, [x], [torch.ones_like(x)], [(0,)], "d f")


def test_claimed_forward_must_be_the_direct_value():
    y = torch.randn(4, generator=G, dtype=torch.float64)
    claims.claimed_forward("y", y.clone(), y)
    with pytest.raises(GradingFailure) as info:
        claims.claimed_forward("y", y + 1e-3, y)
    assert info.value.kind == "claim"
    with pytest.raises(GradingFailure):
        claims.claimed_forward("y", "forged", y)


class _Module:
    """A stand-in for a worker-side module handle with ``load_state_dict``."""

    def __init__(self):
        self.state = {}

    def load_state_dict(self, state):
        self.state = {k: v.clone() for k, v in state.items()}


def test_parameter_gradients_confirmed_and_forgeries_refused():
    state = {"w": torch.randn(3, 2, generator=G, dtype=torch.float64), "b": torch.randn(3, generator=G,
                                                                                       dtype=torch.float64)}
    x = torch.randn(2, generator=G, dtype=torch.float64)

    def call(m):
        return torch.sigmoid(m.state["w"] @ x + m.state["b"]).pow(2).sum()

    w, b = state["w"].clone().requires_grad_(True), state["b"].clone().requires_grad_(True)
    gw, gb = torch.autograd.grad(torch.sigmoid(w @ x + b).pow(2).sum(), [w, b])
    claims.confirm_param_gradients(call, _Module, state, {"w": gw, "b": gb}, "d p")
    with pytest.raises(GradingFailure):
        claims.confirm_param_gradients(call, _Module, state, {"w": gw * 0, "b": gb}, "d p")


# -- found by a fresh attacker: the carried-forward check must not hand reference values to the student
WRONG_ENCODER_WITH_REPLAY = "_seen = {}\ndef reparameterize(mu, logvar, eps):\n    # remember the (mu, logvar) the grader sends together with this eps\n    _seen['last'] = (eps.detach().clone(), mu.detach().clone(), logvar.detach().clone())\n    std = torch.exp(0.5 * logvar)\n    return mu + std * eps\ndef _recall(mu, logvar, eps):\n    k = _seen.get('last')\n    if k is not None and k[0].shape == eps.shape and torch.equal(k[0], eps.detach()):\n        return k[1].to(mu.dtype), k[2].to(mu.dtype)\n    return mu, logvar\n\nclass VAE(nn.Module):\n    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2):\n        super().__init__()\n        self.fc1 = nn.Linear(input_dim, hidden_dim)\n        self.fc21 = nn.Linear(hidden_dim, latent_dim)\n        self.fc22 = nn.Linear(hidden_dim, latent_dim)\n        self.fc3 = nn.Linear(latent_dim, hidden_dim)\n        self.fc4 = nn.Linear(hidden_dim, input_dim)\n\n    def encode(self, x):\n        h = torch.tanh(self.fc1(x))          # WRONG: tanh instead of ReLU\n        return self.fc21(h), self.fc22(h)\n\n    def decode(self, z):\n        return self.fc4(F.relu(self.fc3(z)))\n\n    def forward(self, x, eps=None):\n        mu, logvar = self.encode(x)\n        if eps is None:\n            eps = torch.randn_like(mu)\n        mu, logvar = _recall(mu, logvar, eps)\n        z = reparameterize(mu, logvar, eps)\n        return self.decode(z), mu, logvar\n"
WRONG_ENCODER = "_seen = {}\ndef reparameterize(mu, logvar, eps):\n    # remember the (mu, logvar) the grader sends together with this eps\n    _seen['last'] = (eps.detach().clone(), mu.detach().clone(), logvar.detach().clone())\n    std = torch.exp(0.5 * logvar)\n    return mu + std * eps\ndef _recall(mu, logvar, eps):\n    k = _seen.get('last')\n    if k is not None and k[0].shape == eps.shape and torch.equal(k[0], eps.detach()):\n        return k[1].to(mu.dtype), k[2].to(mu.dtype)\n    return mu, logvar\n\nclass VAE(nn.Module):\n    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2):\n        super().__init__()\n        self.fc1 = nn.Linear(input_dim, hidden_dim)\n        self.fc21 = nn.Linear(hidden_dim, latent_dim)\n        self.fc22 = nn.Linear(hidden_dim, latent_dim)\n        self.fc3 = nn.Linear(latent_dim, hidden_dim)\n        self.fc4 = nn.Linear(hidden_dim, input_dim)\n\n    def encode(self, x):\n        h = torch.tanh(self.fc1(x))          # WRONG: tanh instead of ReLU\n        return self.fc21(h), self.fc22(h)\n\n    def decode(self, z):\n        return self.fc4(F.relu(self.fc3(z)))\n\n    def forward(self, x, eps=None):\n        mu, logvar = self.encode(x)\n        if eps is None:\n            eps = torch.randn_like(mu)\n        z = reparameterize(mu, logvar, eps)\n        return self.decode(z), mu, logvar\n"


@pytest.mark.timeout(600)
def test_a_replayed_reference_encoding_gains_nothing(tmp_path):
    """vae_module's carried-forward value used to be computed before forward, by handing the reference
    encoder's mu and logvar for the test's x to the student's reparameterize: a reparameterize that kept
    them (keyed by eps) let a forward with a wrong encoder (tanh) return them, and vae_module got 5/6
    instead of 0/6.  Now the replay scores exactly what the wrong encoder scores."""
    from autograder.engine import grade_path
    from autograder.runconfig import RunConfig
    from conftest import make_notebook

    config = RunConfig(isolation="basic", lang="en")
    cheat = grade_path(make_notebook(tmp_path / "cheat", {"vae_module_code": WRONG_ENCODER_WITH_REPLAY}), config,
                       assignment="ch2_vae")
    honest = grade_path(make_notebook(tmp_path / "wrong", {"vae_module_code": WRONG_ENCODER}), config,
                        assignment="ch2_vae")
    assert honest.exercise("vae_module").score <= 1.0
    assert cheat.exercise("vae_module").score == honest.exercise("vae_module").score
    assert cheat.score == honest.score


def test_a_missing_gradient_where_the_output_depends_on_the_input_says_no_gradient_flows():
    """Generic diagnosis (issue 13.5): autograd reports None for an input the output does change
    with: the graph is cut (.detach(), .item(), numpy, no_grad), and the message says so."""
    from autograder.claims import confirm_input_gradients
    from autograder.messages import GradingFailure

    x = torch.linspace(-1, 1, 5, dtype=torch.float64)
    eps = torch.ones(5, dtype=torch.float64)
    with pytest.raises(GradingFailure) as info:
        confirm_input_gradients(lambda a, b: (2 * a + b).detach(), [x, eps], [None, None], [(0,), (1,)], "d f / d x")
    assert info.value.kind == "gradient"
    assert "no gradient flows to argument 1" in info.value.message.en
    # the cause is a "Likely cause" line (counted by `autograder validity`'s diagnosis rate), in both languages
    assert "\nLikely cause: something in your function cuts the graph" in info.value.message.en
    assert "\n考えられる原因: 関数のどこかで計算グラフが切れています" in info.value.message.ja
    # an input the output does not depend on may have no gradient: left to the test
    confirm_input_gradients(lambda a, b: 2 * a, [x, eps], [torch.full_like(x, 2.0), None], [(0,), (1,)], "d f / d x")


def test_stopped_worker_probe_never_calls_a_remote_handle():
    """CI failure of 2026-12-02: ``carry`` read ``call.stopped_worker`` with ``getattr``; on a remote
    module handle (a student's DCGAN generator) ``Handle.__getattr__`` turned that into a call of a
    method the student never wrote, and valid GAN notebooks lost points in dcgan and style_mapping."""
    from genmodels_lab.runtime.wire import Handle

    calls = []

    def remote_call(target, method, args, kwargs):
        calls.append(method)
        raise AttributeError(f"'DCGANGenerator' object has no attribute {method!r}")

    handle = Handle(3, "DCGANGenerator")
    handle._call = remote_call
    assert callable(handle.stopped_worker)  # the trap: any attribute of a handle is a remote method
    calls.clear()
    assert carry._stopped_worker(handle) is False
    assert calls == []

    def local(x):
        return x

    local.stopped_worker = lambda: True
    assert carry._stopped_worker(local) is True
    assert carry.classify(local, lambda x: x, (torch.ones(3),)) == "degenerate"
