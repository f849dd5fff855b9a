"""Say why a student's output is wrong: a catalogued mistake, an ignored input, or a known slip.

When a comparison fails, :class:`Diagnoser` tries, in order:

1. **The catalogue.** It re-runs, in the trusted process, each catalogued mistake of the
   function the output came from, on the same inputs; if one reproduces the output (within a
   tight tolerance) the feedback names it.  Mistake code is our own (the catalogue), executed
   with the reference module's globals; student code is never run here.
2. **An ignored input.** For each floating argument the reference depends on (``eps``,
   ``alpha``, ``guidance_scale``, ...), the student's function is called once more *in the
   worker* (the sandbox, as every student call) with that argument changed; an unchanged output
   means "your function ignores eps".
3. **Generic explanations** (:mod:`autograder.explain`): a constant factor or sign, sum vs mean,
   variance / std / logvar confused, an off-by-one shift, another layout or shape.
"""
from __future__ import annotations

import contextlib
import importlib
import io
import weakref
from typing import Any, Optional

import torch
from genmodels_lab.runtime.tree import tree_leaves, tree_map

from . import catalogue
from .explain import explain
from .messages import Message, msg

#: How close a mistake's output must be to the student's to be named.
MATCH_RTOL, MATCH_ATOL = 1e-4, 1e-6


class CallLog:
    """Remembers which student call produced which returned tensor (by identity)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple] = {}

    def record(self, value: Any, call: tuple, path: tuple = ()) -> None:
        for where, leaf in tree_leaves(value, path):
            if isinstance(leaf, torch.Tensor):
                try:
                    ref = weakref.ref(leaf)
                except TypeError:
                    continue
                self._by_id[id(leaf)] = (ref, call, where)

    def lookup(self, value: Any) -> Optional[tuple]:
        entry = self._by_id.get(id(value))
        if entry is None or entry[0]() is not value:
            return None
        return entry[1], entry[2]


def _plain(x: Any) -> bool:
    return all(isinstance(leaf, (torch.Tensor, int, float, bool, str, type(None))) for _, leaf in tree_leaves(x))


class Diagnoser:
    """``diagnoser(received) -> Message | None`` for :class:`autograder.checks.Check`."""

    #: At most this many arguments are probed for "ignores <arg>", each with one more student call.
    MAX_PROBES = 4
    #: Argument names probed first (the ones exercises hand in to be used).
    PROBE_FIRST = ("eps", "noise", "epsilon", "z", "alpha", "w", "guidance_scale", "t", "timesteps", "mu", "logvar")

    def __init__(self, assignment: str, log: CallLog, call: Any = None, call_seconds: float = 5.0):
        """``call(target, method, args, kwargs, timeout=, what=)``: the session's call into the worker
        (None: no probing of ignored inputs)."""
        self.assignment = assignment
        self.log = log
        self._call = call
        self._call_seconds = call_seconds
        self._ns_cache: dict[str, dict] = {}
        self.last_cause: Optional[dict] = None

    def _namespace(self, variant) -> Optional[dict]:
        if variant.id in self._ns_cache:
            return self._ns_cache[variant.id]
        try:
            ref = importlib.import_module(f"solutions.{self.assignment}")
            ns = {k: v for k, v in vars(ref).items() if not k.startswith("__")}
            ns["__name__"] = f"_mistake_{variant.slug}"
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(variant.source, str(variant.path), "exec", dont_inherit=True), ns)  # noqa: S102 - our own catalogue
        except Exception:  # noqa: BLE001
            ns = None
        self._ns_cache[variant.id] = ns
        return ns

    def __call__(self, received: Any, expected: Any = None) -> Optional[Message]:
        """The "Likely cause" line for ``received``, or None; a catalogue entry it names is kept in
        ``last_cause`` ({"id", "en", "ja"}: its title) for the instructor's item analysis."""
        self.last_cause = None
        found = self.log.lookup(received)
        call = found[0] if found is not None else None
        plain = (call is not None and call[1] is None and "global" in call[0] and _plain(call[2]) and _plain(call[3]))
        if plain:
            named = self._catalogued(received, expected, *found)
            if named is not None:
                return named
            if expected is not None:
                slip = self._argument_slip(received, *found)
                if slip is not None:
                    return slip
                ignored = self._ignored_input(received, *found)
                if ignored is not None:
                    return ignored
        if expected is None:
            return None
        tensors = [leaf for _, leaf in tree_leaves((call[2], call[3])) if isinstance(leaf, torch.Tensor)
                   ] if call is not None else []
        return explain(received, expected, [s for t in tensors for s in t.shape], tensors)

    def _reference(self, name: str) -> Any:
        try:
            return getattr(importlib.import_module(f"solutions.{self.assignment}"), name, None)
        except Exception:  # noqa: BLE001
            return None

    def _bind(self, call: tuple) -> Optional[tuple]:
        """(reference function, its arguments bound from the logged student call), or None."""
        import inspect

        target, _method, args, kwargs = call
        ref = self._reference(target["global"])
        if ref is None:
            return None
        try:
            return ref, inspect.signature(ref).bind(*args, **kwargs)
        except (TypeError, ValueError):
            return None

    @staticmethod
    def _with(bound: Any, changes: dict) -> Any:
        """A copy of ``bound`` (inspect.BoundArguments) with ``changes`` applied."""
        import inspect

        out = inspect.BoundArguments(bound.signature, bound.arguments.copy())
        out.arguments.update(changes)
        return out

    @staticmethod
    def _pick(out: Any, path: tuple) -> Any:
        for p in path:
            out = out[p]
        return out

    def _run_reference(self, ref: Any, bound: Any, path: tuple, changes: dict) -> Optional[torch.Tensor]:
        """The reference's output (at ``path``, float64, CPU) on ``bound`` with ``changes``; None if it raises."""
        b = self._with(bound, changes)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                out = ref(*_clone(b.args), **_clone(b.kwargs))
            return torch.as_tensor(self._pick(out, path)).detach().to("cpu", torch.float64)
        except Exception:  # noqa: BLE001 - inputs the reference cannot run explain nothing
            return None

    def _argument_slip(self, received: Any, call: tuple, path: tuple) -> Optional[Message]:
        """The reference, called *here* with one argument slipped, reproduces the student's output:
        two same-shape tensors swapped, ``1 - alpha`` for a weight in [0, 1], ``w + 1`` / ``w - 1``
        (the (1 + w) guidance form), an integer timestep off by one.  Only reference code runs."""
        found = self._bind(call)
        if found is None:
            return None
        ref, bound = found
        got = torch.as_tensor(received).detach().to(torch.float64)
        names = list(bound.arguments)

        def matches(changes: dict) -> bool:
            out = self._run_reference(ref, bound, path, changes)
            return (out is not None and out.shape == got.shape and bool(torch.isfinite(out).all())
                    and torch.allclose(out, got, rtol=MATCH_RTOL, atol=MATCH_ATOL))

        right = self._run_reference(ref, bound, path, {})
        if right is None or right.shape != got.shape or torch.allclose(right, got, rtol=MATCH_RTOL, atol=MATCH_ATOL):
            return None
        tensors = [n for n in names if isinstance(bound.arguments[n], torch.Tensor)
                   and bound.arguments[n].is_floating_point()]
        for i, a in enumerate(tensors):
            for b in tensors[i + 1:]:
                ta, tb = bound.arguments[a], bound.arguments[b]
                if ta.shape == tb.shape and ta.dtype == tb.dtype and matches({a: tb, b: ta}):
                    return msg(f"Likely cause: `{a}` and `{b}` are swapped: your output is what the exercise's "
                               f"formula gives with `{b}` in place of `{a}` and the reverse.",
                               f"考えられる原因: `{a}` と `{b}` が入れ替わっています。出力は、課題の式で `{a}` と "
                               f"`{b}` を入れ替えたときの値です。")
        for n in names:
            v = bound.arguments[n]
            if isinstance(v, bool):
                continue
            if isinstance(v, float):
                if 0.0 <= v <= 1.0 and v != 0.5 and matches({n: 1.0 - v}):
                    return msg(f"Likely cause: the other weight: your output matches the formula with "
                               f"`1 - {n}` where `{n}` is expected (alpha and 1 - alpha swapped).",
                               f"考えられる原因: 重みが逆です。`{n}` のところで `1 - {n}` を使ったときの値と一致します"
                               f"（alpha と 1 - alpha の取り違え）。")
                for delta in (1.0, -1.0):
                    if matches({n: v + delta}):
                        return msg(f"Likely cause: a shifted weight: your output matches the formula with "
                                   f"`{n} {'+' if delta > 0 else '-'} 1` (the (1 + w) and w forms of a guidance "
                                   "scale differ by one: use the exercise's form).",
                                   f"考えられる原因: 重みが 1 ずれています。`{n} {'+' if delta > 0 else '-'} 1` を使った"
                                   "ときの値と一致します（ガイダンスの (1 + w) 形式と w 形式は 1 違います。課題の形式を"
                                   "使ってください）。")
            elif isinstance(v, int) or (isinstance(v, torch.Tensor) and not v.is_floating_point()
                                        and v.dtype != torch.bool and v.numel() <= 64):
                for delta in (-1, 1):
                    if matches({n: v + delta}):
                        return msg(f"Likely cause: `{n}` off by one: your output is what the formula gives at "
                                   f"`{n} {'+' if delta > 0 else '-'} 1` (an index or timestep shifted by one).",
                                   f"考えられる原因: `{n}` が 1 つずれています。出力は `{n} {'+' if delta > 0 else '-'} 1` "
                                   "での式の値です（インデックスまたは時刻のずれ）。")
        return None

    def _ignored_input(self, received: Any, call: tuple, path: tuple) -> Optional[Message]:
        """"your function ignores <arg>": the reference's output moves with a floating argument and the
        student's does not.  The student is called in the worker, as for every test call."""
        if self._call is None:
            return None
        found = self._bind(call)
        if found is None:
            return None
        ref, bound = found
        target = call[0]
        names = [n for n, v in bound.arguments.items()
                 if (isinstance(v, torch.Tensor) and v.is_floating_point() and v.numel() > 0)
                 or (isinstance(v, float) and not isinstance(v, bool))]
        names.sort(key=lambda n: (self.PROBE_FIRST.index(n) if n in self.PROBE_FIRST else len(self.PROBE_FIRST)))
        got = torch.as_tensor(received).detach().to(torch.float64)
        before = self._run_reference(ref, bound, path, {})
        if before is None:
            return None
        for name in names[: self.MAX_PROBES]:
            value = bound.arguments[name]
            changes = {name: (value * -0.5 + 0.25) if isinstance(value, torch.Tensor) else value * 0.5 + 0.25}
            after = self._run_reference(ref, bound, path, changes)
            if after is None or before.shape != after.shape or torch.allclose(before, after, rtol=1e-6, atol=1e-9):
                continue  # the reference does not move with it here: nothing to learn
            probe = self._with(bound, changes)
            try:
                theirs = self._call(target, None, tuple(probe.args), dict(probe.kwargs),
                                    timeout=self._call_seconds, what=f"{target['global']}()")
                theirs = torch.as_tensor(self._pick(theirs, path)).detach().to(torch.float64)
            except Exception:  # noqa: BLE001 - a probe that cannot run says nothing
                continue
            if theirs.shape == got.shape and torch.equal(theirs, got):
                return msg(f"Likely cause: your function ignores `{name}`: its output does not change when "
                           f"`{name}` changes, and the exercise's formula uses it.",
                           f"考えられる原因: 関数が `{name}` を使っていません。`{name}` を変えても出力が変わりませんが、"
                           "課題の式はそれを使います。")
        return None

    def _catalogued(self, received: Any, expected: Any, call: tuple, path: tuple) -> Optional[Message]:
        target, method, args, kwargs = call
        name = target["global"]
        for variant in catalogue.mistakes_defining(self.assignment, name):
            ns = self._namespace(variant)
            if ns is None or name not in ns:
                continue
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    out = ns[name](*_clone(args), **_clone(kwargs))
                for p in path:
                    out = out[p]
                if not isinstance(out, torch.Tensor):
                    out = torch.as_tensor(out)
                out = out.detach().to("cpu", torch.float64)
                got = torch.as_tensor(received).to(torch.float64)
                if expected is not None:
                    exp = torch.as_tensor(expected).to(torch.float64)
                    if exp.shape == out.shape and torch.allclose(out, exp, rtol=MATCH_RTOL, atol=MATCH_ATOL,
                                                                 equal_nan=True):
                        continue  # this mistake is harmless on these inputs: it cannot explain the difference
                if out.shape == got.shape and torch.allclose(out, got, rtol=MATCH_RTOL, atol=MATCH_ATOL,
                                                             equal_nan=True):
                    self.last_cause = {"id": variant.id, "en": variant.title.en, "ja": variant.title.ja}
                    return msg("Likely cause: " + variant.diagnosis.en, "考えられる原因: " + variant.diagnosis.ja)
            except Exception:  # noqa: BLE001 - a mistake that cannot run on these inputs names nothing
                continue
        return None


def _clone(x: Any) -> Any:
    return tree_map(lambda v: v.clone() if isinstance(v, torch.Tensor) else v, x)
