"""Generic explanations of wrong outputs (autograder/explain.py) and the ignored-input probe
(autograder/diagnosis.py): each kind named by issue 13, item 4 and 5, on plain tensors."""
from __future__ import annotations

import math

import pytest
import torch

from autograder.diagnosis import CallLog, Diagnoser
from autograder.explain import explain

G = torch.Generator().manual_seed(13)
E = torch.rand(4, 6, generator=G, dtype=torch.float64) + 0.5  # positive, no symmetry


def _en(m) -> str:
    assert m is not None, "no explanation"
    return m.en


@pytest.mark.parametrize("received,words", [
    (-E, "sign is flipped"),
    (2 * E, "twice"),
    (0.5 * E, "half"),
    (E / math.log(2), "bits"),
    (6 * E, "sum over an axis of size 6"),
    (E / 6, "mean over an axis of size 6"),
    (E * 6 / 5, "division by N - 1 (unbiased) where the exercise divides by N = 6"),
    (E * 5 / 6, "division by N = 6 (biased)"),
    (E * math.sqrt(5 / 6), "biased standard deviation"),
    (E * 3.7, "about 3.7 times"),
    (E + 1e-3, "same constant everywhere"),
    (E * E, "square of the expected"),
    (E.sqrt(), "square root"),
    (E.log(), "log of the expected"),
    (torch.cat([E[:, 3:], E[:, :3]], 1), "two halves along axis 1 are swapped"),
    (E.flip(0), "reversed along axis 0"),
    (torch.cat([E[:, :1], E[:, :-1]], 1), "shifted by one position along axis 1"),
])
def test_same_shape_explanations(received, words):
    assert words in _en(explain(received, E, input_sizes=(4, 6)))


def test_other_shapes():
    logits = torch.rand(5, generator=G, dtype=torch.float64)
    # (B, 1) for (B,): the shape is reported by Check first; the explanation says what the values match
    assert ".reshape(5,)" in _en(explain(logits[:, None], logits))
    assert ".permute(1, 0)" in _en(explain(E.T.contiguous(), E))
    assert "reduce with .mean()" in _en(explain(E, E.mean()))
    assert ".sum(dim=1)" in _en(explain(E, E.sum(1)))


def test_nothing_to_say_about_an_unrelated_answer_or_a_near_miss():
    other = torch.rand(4, 6, generator=G, dtype=torch.float64)
    assert explain(other, E, input_sizes=(4, 6)) is None
    assert explain(E * (1 + 5e-4), E) is None  # a near miss is the tolerance's message, not a factor
    assert explain(torch.full_like(E, math.nan), E) is None
    assert explain("not a tensor", E) is None


def test_japanese_lines():
    m = explain(2 * E, E)
    assert m.ja.startswith("考えられる原因: ") and "2 倍" in m.ja


def _ref_axpy(x, eps, alpha):  # stands in for a reference: uses both eps and alpha
    return alpha * x + eps


def test_ignored_input_is_named(monkeypatch):
    log = CallLog()
    x = torch.rand(3, generator=G, dtype=torch.float64)
    eps = torch.rand(3, generator=G, dtype=torch.float64)
    student = lambda x, eps, alpha: alpha * x  # noqa: E731 - ignores eps
    calls = []

    def call(target, method, args, kwargs, *, timeout, what):
        calls.append(args)
        return student(*args, **kwargs)

    d = Diagnoser("ch4_diffusion", log, call=call)
    monkeypatch.setattr(d, "_reference", lambda name: _ref_axpy)
    monkeypatch.setattr(d, "_catalogued", lambda *a: None)
    got = student(x, eps, 0.7)
    log.record(got, ({"global": "axpy"}, None, (x, eps, 0.7), {}))
    text = _en(d(got, _ref_axpy(x, eps, 0.7)))
    assert "ignores `eps`" in text
    assert len(calls) == 1  # eps is probed first and is enough

    # an honest-but-wrong function that uses eps: no such claim (the generic line may follow)
    student = lambda x, eps, alpha: 2 * (alpha * x + eps)  # noqa: E731
    got = student(x, eps, 0.7)
    log.record(got, ({"global": "axpy"}, None, (x, eps, 0.7), {}))
    assert "twice" in _en(d(got, _ref_axpy(x, eps, 0.7)))


def _ref_mix(x, y, alpha, t):  # a reference with a weight and an integer step
    return alpha * x + (1 - alpha) * y * (t + 1)


@pytest.mark.parametrize("student,words", [
    (lambda x, y, alpha, t: _ref_mix(y, x, alpha, t), "`x` and `y` are swapped"),
    (lambda x, y, alpha, t: _ref_mix(x, y, 1 - alpha, t), "`1 - alpha` where `alpha`"),
    (lambda x, y, alpha, t: _ref_mix(x, y, alpha + 1, t), "`alpha + 1`"),
    (lambda x, y, alpha, t: _ref_mix(x, y, alpha, t - 1), "`t` off by one"),
])
def test_argument_slips_are_named_from_the_reference(monkeypatch, student, words):
    log = CallLog()
    x = torch.rand(3, generator=G, dtype=torch.float64) + 1
    y = torch.rand(3, generator=G, dtype=torch.float64) - 2
    d = Diagnoser("ch4_diffusion", log)  # no worker calls: slips run the reference only
    monkeypatch.setattr(d, "_reference", lambda name: _ref_mix)
    monkeypatch.setattr(d, "_catalogued", lambda *a: None)
    got = student(x, y, 0.3, 4)
    log.record(got, ({"global": "mix"}, None, (x, y, 0.3, 4), {}))
    assert words in _en(d(got, _ref_mix(x, y, 0.3, 4)))


def test_nan_or_inf_only_at_extreme_inputs_is_called_an_overflow():
    """log(1 + exp(x)) instead of softplus: inf at x = 800 only (issue 13.5: "unstable at logit 40")."""
    x = torch.tensor([-1.0, 0.5, 800.0], dtype=torch.float64)
    cause = explain(torch.log1p(torch.exp(x)), torch.nn.functional.softplus(x), x.shape, [x])
    assert cause is not None and "magnitude 800" in cause.en and "log space" in cause.en
    # a scalar loss (a mean) that overflows on extreme logits
    logits = torch.tensor([120.0, -90.0, 0.5])
    naive = -torch.log(torch.sigmoid(logits)).mean()
    cause = explain(naive, torch.nn.functional.softplus(-logits.double()).mean(), logits.shape, [logits])
    assert cause is not None and "magnitude 120" in cause.en
    # NaN at ordinary inputs is not an overflow
    y = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64)
    assert explain(torch.tensor([1.0, float("nan"), 2.0], dtype=torch.float64), y, y.shape, [y]) is None
