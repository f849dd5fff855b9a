"""Name a catalogued mistake when a student's output matches it.

When a comparison fails, :class:`Diagnoser` re-runs, in the trusted process,
each catalogued mistake of the function the student's output came from, on the
same inputs, and if one reproduces the student's output (within a tight
tolerance) the feedback says which mistake it looks like.  Mistake code is our
own (the catalogue), executed with the reference module's globals; student
code is never run here.
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

    def __init__(self, assignment: str, log: CallLog):
        self.assignment = assignment
        self.log = log
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
        """The "Likely cause" line for ``received``, or None; the catalogue entry it names is kept in
        ``last_cause`` ({"id", "en", "ja"}: its title) for the instructor's item analysis."""
        self.last_cause = None
        found = self.log.lookup(received)
        if found is None:
            return None
        (target, method, args, kwargs), path = found
        if method is not None or "global" not in target or not _plain(args) or not _plain(kwargs):
            return None
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
