"""Error carried forward, only from an informative upstream.

A dependent exercise (the ELBO from the student's own KL, a sampling loop from
the student's own step, a classifier from the student's own log-density) may be
graded against a value built from the student's own upstream function, so that
one mistake costs one exercise.  That credit is earned only where the upstream
output *informs*: a stub, a function that raises, or a degenerate answer (zeros,
ones, a constant, ``full_like(expected, mean)``, the input unchanged, random
values) carries nothing forward, and the dependent test grades against the
reference upstream value instead (the candidate is dropped, so
:meth:`autograder.checks.Check.close_any` compares with the reference only).

The same function serves the exception fallback: an upstream that raises is
replaced by the reference upstream, never held against the dependent exercise.
"""
from __future__ import annotations

import inspect

from dataclasses import dataclass
from typing import Any, Callable, Optional, Sequence

import torch

#: Seed of the private generator that perturbs inputs for the input-dependence probe.
PROBE_SEED = 4242


def _tensors(value: Any) -> Optional[list]:
    """The float tensors of an output (a tensor, a number, or a tuple/list of them); None if not numeric."""
    if isinstance(value, torch.Tensor) and type(value) is torch.Tensor:
        return None if value.dtype.is_complex else [value.detach().to("cpu", torch.float64)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [torch.tensor(float(value), dtype=torch.float64)]
    if isinstance(value, (list, tuple)) and value:
        out = []
        for v in value:
            t = _tensors(v)
            if t is None:
                return None
            out += t
        return out
    return None


def _same(a: list, b: list) -> bool:
    return len(a) == len(b) and all(x.shape == y.shape and torch.allclose(x, y, rtol=1e-9, atol=1e-12, equal_nan=True)
                                    for x, y in zip(a, b))


def _constant(t: torch.Tensor) -> bool:
    return t.numel() > 1 and bool(torch.isfinite(t).all()) and float(t.max() - t.min()) == 0.0


#: How near an upstream's value must be to its reference's to count as right on a dependent test's
#: inputs: 3 significant digits. A valid variant with var + 1e-5 agrees (2e-4 relative at var = 0.05,
#: the classifier's far-points test), a wrong formula (a mean for a sum, a missing factor) does not; an
#: upstream that changes by less than that once graded can only make a nearly right dependent pass.
AGREE_RTOL, AGREE_ATOL = 1e-3, 1e-6


def perturb(args: Sequence[Any], vary: Optional[Sequence[int]] = None, seed: int = PROBE_SEED) -> tuple:
    """A second input set: each float tensor argument (positions ``vary``, default all)
    multiplied element-wise by ``exp(0.2 u)``, ``u ~ N(0, 1)`` (signs and zeros are kept, so
    variances stay positive)."""
    g = torch.Generator().manual_seed(seed)
    out = []
    for i, a in enumerate(args):
        if (vary is None or i in vary) and isinstance(a, torch.Tensor) and a.is_floating_point() and a.numel():
            f = torch.exp(0.2 * torch.randn(a.shape, generator=g, dtype=torch.float64))
            a = (a.double() * f).to(a.dtype)
        out.append(a)
    return tuple(out)


def _stopped_worker(call: Callable[..., Any]) -> bool:
    """Whether the student's function killed or hung its worker earlier in this submission
    (:attr:`autograder.proxy.Session.stopped_worker`): it is not called again to probe it.

    Only a plain attribute of *call* is read (``inspect.getattr_static``): *call* may be a remote
    handle (:class:`~genmodels_lab.runtime.wire.Handle`, a student's module), whose ``__getattr__``
    would turn the probe into a call of a method the student never wrote."""
    probe = inspect.getattr_static(call, "stopped_worker", None)
    return bool(probe()) if callable(probe) else False


def _classify(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], *,
              probe_args: Optional[Sequence[Any]] = None,
              vary: Optional[Sequence[int]] = None) -> tuple[str, Optional[list], Optional[list]]:
    """:func:`classify`, with the student's and the reference's outputs on ``args`` (as float64
    tensor lists; None where there is none), so that callers never call the student again."""
    if _stopped_worker(call):
        return "degenerate", None, None
    first = want = None
    try:
        first = _tensors(call(*args))
        if first is None:
            return "degenerate", None, None
        want = _tensors(reference(*args))
        if want is None:
            return "degenerate", first, None
        for s, r in zip(first, want):
            if s.shape != r.shape:
                continue  # a layout mistake (sum over the batch...) is a mistake, not a degenerate answer
            fin = r[torch.isfinite(r)]
            if fin.numel() > 1 and float(fin.max() - fin.min()) > 0 and _constant(s):
                return "degenerate", first, want
            for a in args:
                if isinstance(a, torch.Tensor) and a.is_floating_point() and a.shape == s.shape:
                    ad = a.detach().to("cpu", torch.float64)
                    if torch.allclose(s, ad, rtol=1e-9, atol=1e-12) and not torch.allclose(r, ad, rtol=1e-9, atol=1e-12):
                        return "degenerate", first, want
        probe = tuple(probe_args) if probe_args is not None else perturb(args, vary)
        moved_s = _tensors(call(*probe))
        moved_r = _tensors(reference(*probe))
        if moved_s is None or moved_r is None:
            return "degenerate", first, want
        if _same(first, moved_s) and not _same(want, moved_r):
            return "degenerate", first, want
        again = _tensors(call(*args))
        if again is None or not _same(first, again):
            return "random", first, want
    except Exception:  # noqa: BLE001 - a stub, a crash, a missing name: nothing to carry forward
        return "degenerate", first, want
    record = inspect.getattr_static(call, "record_agreement", None)
    if callable(record):  # whether this upstream is right here (the plugin's carried_from rule)
        record(len(first) == len(want) and all(
            s.shape == r.shape and bool(torch.allclose(s, r, rtol=AGREE_RTOL, atol=AGREE_ATOL, equal_nan=True))
            for s, r in zip(first, want)))
    return "informative", first, want


def classify(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], *,
             probe_args: Optional[Sequence[Any]] = None, vary: Optional[Sequence[int]] = None) -> str:
    """How much the student's upstream ``call(*args)`` can carry forward.

    Args:
        call: the student's upstream function (through the proxy).
        reference: the reference upstream function (trusted).
        args: the inputs the dependent test uses.
        probe_args: a second input set (default :func:`perturb` of ``args``, positions ``vary``).

    Returns:
        ``"informative"``: a deterministic function of its inputs (right, or wrong by a
        formula mistake: that is what error carried forward is for);
        ``"random"``: otherwise plausible, but two calls on the same inputs differ (it draws
        its own random numbers, so nothing can be reproduced from it);
        ``"degenerate"``: it raises (a stub included), killed or hung its worker earlier in the
        submission (it is then not called again), returns something that is not a
        number or tensor (or a tuple of them), is constant where the reference varies
        (zeros, ones, ``full_like``), equals one of its inputs unchanged where the reference
        does not, or does not change on the second input set where the reference does.
        Another shape (a sum over the batch) or NaN at some inputs (sqrt of a log-variance)
        are formula mistakes: still informative.
    """
    return _classify(call, reference, args, probe_args=probe_args, vary=vary)[0]


def informative(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], **kw) -> bool:
    """Whether :func:`classify` finds the upstream ``"informative"`` (deterministic and not degenerate)."""
    return classify(call, reference, args, **kw) == "informative"


def unusable_reason(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], **kw
                    ) -> Optional[str]:
    """Why the student's upstream cannot drive a dependent computation on these inputs, or None when
    it can (:func:`usable`): ``"stopped"`` (it killed or hung its worker earlier), ``"degenerate"``
    (it raises, is a stub, or returns a value that carries nothing: constant, the input unchanged,
    not a tensor), ``"random"`` (two calls differ) or ``"shape"`` (another output shape: a formula
    mistake for its own exercise, but a loop built on it cannot run).  Uses the outputs
    :func:`classify` computed: the student's function is not called again."""
    if _stopped_worker(call):
        return "stopped"
    kind, mine, want = _classify(call, reference, args, **kw)
    if kind != "informative":
        return "stopped" if _stopped_worker(call) else kind
    if (mine is None or want is None or len(mine) != len(want)
            or any(a.shape != b.shape for a, b in zip(mine, want))):
        return "shape"
    return None


def usable(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], **kw) -> bool:
    """Whether the student's upstream can drive a dependent computation on these inputs:
    :func:`informative`, and of the reference's output shapes (see :func:`unusable_reason`)."""
    return unusable_reason(call, reference, args, **kw) is None


@dataclass(frozen=True)
class Upstream:
    """An earlier exercise's function that a dependent function calls by name.

    Attributes:
        name: the notebook's global function (``"ddpm_step"``).
        reference: the reference function served in its place when the student's cannot be used.
        probe: ``(student_call, reference_call, args)``: the upstream on this test's inputs, as
            :func:`usable` takes them.
    """

    name: str
    reference: Callable[..., Any]
    probe: tuple


def dependent(student: Any, *upstreams: Upstream) -> tuple[Any, tuple[str, ...]]:
    """Error carried forward as a mechanism: the proxy to call a dependent function with.

    Where every upstream is :func:`usable`, the student's own proxy (the test may then also accept
    a value carried forward from the student's upstream).  Where one is not (a stub, it raises,
    it is degenerate, or it returns another shape), the dependent function is called with the
    *reference* upstream in place of the student's (:meth:`autograder.proxy.StudentProxy.with_reference`:
    the reference runs in the grader and answers the worker), so the test grades only its own
    exercise and one mistake costs one exercise, also when the upstream raises.  The test's result
    then says so to the student (:meth:`autograder.proxy.StudentProxy.with_reference` records the
    note, with :func:`unusable_reason`).

    Returns:
        (proxy, names of the upstreams replaced by the reference).
    """
    reasons = {}
    for u in upstreams:
        why = unusable_reason(*u.probe)
        if why is not None:
            reasons[u.name] = why
    if not reasons:
        return student, ()
    return (student.with_reference(_reasons=reasons, **{u.name: u.reference for u in upstreams if u.name in reasons}),
            tuple(reasons))


def own_or_reference(call: Callable[..., Any], reference: Callable[..., Any], args: Sequence[Any], **kw) -> Any:
    """The student's upstream value where :func:`informative`, else the reference's value
    on the same inputs (the dependent test is then graded against the reference upstream)."""
    if informative(call, reference, args, **kw):
        return call(*args)
    return reference(*args)


def module_uses_its_parameters(check, make_handle: Callable[[], Any], states: Sequence[dict], reference: Any,
                               x: Any, label: str, hint_en: str, hint_ja: str) -> None:
    """A module with the specified parameters is only credited when its forward uses them.

    Loads each of two parameter sets into a fresh student module (``make_handle()``, float64,
    eval mode) and into the reference module; the student's forward must be informative on
    ``x`` (:func:`classify`: not constant, not random, not the input unchanged, input-dependent)
    and must change when the parameters change wherever the reference does.  A formula mistake
    passes (it is graded by the exercise's other tests); a forward that ignores the layers fails.

    Raises:
        GradingFailure (kind ``output``): the forward does not use the parameters.
    """
    outs, refs = [], []
    for state in states:
        h = make_handle()
        h.double()
        h.load_state_dict({k: v.clone() for k, v in state.items()})
        h.eval()
        reference.load_state_dict(state)
        reference.eval()

        def ref_call(z):
            with torch.no_grad():
                return reference(z)

        kind = classify(h, ref_call, (x,))
        check.true(kind == "informative",
                   f"{label}: with the specified parameters loaded, forward returns {kind} values (constant, random, "
                   f"the input unchanged, or independent of the input): the layers must compute the output. " + hint_en,
                   f"{label}: 仕様どおりのパラメータを読み込んでも forward の出力が {kind}（定数・乱数・入力そのまま・入力に依存しない）です。"
                   f"出力は層で計算してください。" + hint_ja, kind="output")
        outs.append(_tensors(h(x)))
        refs.append(_tensors(ref_call(x)))
    check.true(not (_same(outs[0], outs[1]) and not _same(refs[0], refs[1])),
               f"{label}: forward gives the same output for two different parameter sets: it does not use the "
               f"layers. " + hint_en,
               f"{label}: 異なる 2 組のパラメータで forward の出力が同じです。層を使っていません。" + hint_ja, kind="output")
