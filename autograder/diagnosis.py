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
import functools
import importlib
import io
import math
import weakref
from typing import Any, Optional

import torch
from genmodels_lab.runtime.tree import tree_leaves, tree_map

from . import catalogue, mutants
from .explain import explain
from .messages import Message, msg

#: How close a mistake's output must be to the student's to be named.
MATCH_RTOL, MATCH_ATOL = 1e-4, 1e-6


class CallLog:
    """Remembers which student call produced which returned tensor (by identity), and the kinds of
    the arguments each of the student's functions returned for (:meth:`cause_of_error`).

    Args:
        assignment: selects ``solutions.<assignment>``, whose signatures name the arguments.
    """

    #: argument kinds kept per function (the first calls; enough to know what has worked)
    MAX_KINDS = 32

    #: calls kept per function with the student's output (the first ones), against which a slip of
    #: the reference must hold before it is named (:meth:`Diagnoser._reference_slip`)
    MAX_SAMPLES = 6

    def __init__(self, assignment: str = "") -> None:
        self.assignment = assignment
        self._by_id: dict[int, tuple] = {}
        self._worked: dict[str, list[dict]] = {}
        self._samples: dict[str, list[tuple]] = {}

    def record(self, value: Any, call: tuple, path: tuple = ()) -> None:
        target, method = call[0], call[1]
        if method is None and isinstance(target, dict) and "global" in target:
            name = str(target["global"])
            worked = self._worked.setdefault(name, [])
            if len(worked) < self.MAX_KINDS:  # (every grader-side student call records: keep it cheap)
                worked.append(self._kinds(name, call[2], call[3]))
            samples = self._samples.setdefault(name, [])
            if len(samples) < self.MAX_SAMPLES and _plain(value) and _plain(call[2]) and _plain(call[3]):
                samples.append((_clone(call[2]), _clone(call[3]), _clone(value)))
        for where, leaf in tree_leaves(value, path):
            if isinstance(leaf, torch.Tensor):
                try:
                    ref = weakref.ref(leaf)
                except TypeError:
                    continue
                self._by_id[id(leaf)] = (ref, call, where)

    def samples(self, name: str) -> list[tuple]:
        """(args, kwargs, output) of the first calls of the student's function ``name`` (copies)."""
        return list(self._samples.get(name, ()))

    def lookup(self, value: Any) -> Optional[tuple]:
        entry = self._by_id.get(id(value))
        if entry is None or entry[0]() is not value:
            return None
        return entry[1], entry[2]

    def _kinds(self, name: str, args: tuple, kwargs: dict) -> dict:
        """argument name -> its kind, the names from the reference's signature (positional ``#i``
        where there is none)."""
        import inspect

        ref = reference_function(self.assignment, name)
        try:
            bound = inspect.signature(ref).bind(*args, **kwargs).arguments if ref is not None else None
        except (TypeError, ValueError):  # arguments the reference cannot take: positional names
            bound = None
        if bound is None:
            bound = {**{f"#{i + 1}": a for i, a in enumerate(args)}, **kwargs}
        return {n: _kind(v) for n, v in bound.items()}

    def cause_of_error(self, target: Any, method: Any, args: tuple, kwargs: dict) -> Optional[Message]:
        """The "Likely cause" of a student function that raised: the one or two arguments whose kind
        (None, a Python number, a tensor's rank or dtype) differs from every earlier call of the same
        function that returned, e.g. "`alpha_bar` is a Python float here; it ran when `alpha_bar` was a
        tensor of shape (2,)". None when there is no earlier call, or nothing (or too much) differs."""
        if method is not None or not isinstance(target, dict) or "global" not in target:
            return None
        name = str(target["global"])
        worked = self._worked.get(name) or []
        now = self._kinds(name, args, kwargs)
        if not worked:
            return None
        differ = [n for n, k in now.items()
                  if all(n in w and _kind_class(w[n]) != _kind_class(k) for w in worked)]
        if not differ or len(differ) > 2:
            return None
        parts_en, parts_ja = [], []
        for n in differ:
            # the earlier kind closest to this one, so that the line shows what differs (a rank, not
            # also a dtype that other calls shared)
            before = max((w[n] for w in worked if n in w),
                         key=lambda k: (k[0] == now[n][0], k[2:3] == now[n][2:3], k[1:2] == now[n][1:2]))
            parts_en.append(f"`{n}` is {_describe(now[n], 'en')} here; your function ran when `{n}` was "
                            f"{_describe(before, 'en')}")
            parts_ja.append(f"ここでは `{n}` が{_describe(now[n], 'ja')}です（`{n}` が{_describe(before, 'ja')}"
                            "のときは動きました）")
        return msg("Likely cause: " + "; ".join(parts_en) + ". The exercise's spec allows both: handle this "
                   "case (see the docstring's Args).",
                   "考えられる原因: " + "。".join(parts_ja) + "。課題の仕様はどちらも許しています。"
                   "この場合も扱ってください（docstring の Args を参照）。")


def reference_function(assignment: str, name: str) -> Any:
    """``solutions.<assignment>.<name>``, or None (no such assignment or name)."""
    try:
        return getattr(importlib.import_module(f"solutions.{assignment}"), name, None)
    except Exception:  # noqa: BLE001
        return None


def _kind(v: Any) -> tuple:
    """What an argument is, as far as a function may treat it differently: None, a Python bool, int,
    float or other object, or a tensor of some rank, dtype and shape."""
    if v is None:
        return ("None",)
    if isinstance(v, bool):
        return ("bool",)
    if isinstance(v, int):
        return ("int",)
    if isinstance(v, float):
        return ("float",)
    if isinstance(v, torch.Tensor):
        return ("tensor", v.dim(), str(v.dtype).replace("torch.", ""), tuple(v.shape))
    if isinstance(v, (list, tuple)):
        return (type(v).__name__, len(v))
    return (type(v).__name__,)


def _kind_class(k: tuple) -> tuple:
    """The part of a kind that a spec's "or" distinguishes: a tensor's rank and dtype, not its sizes."""
    return k[:3] if k[0] == "tensor" else k[:1]


def _describe(k: tuple, lang: str) -> str:
    if k[0] == "tensor":
        shape = "(" + ", ".join(map(str, k[3])) + (",)" if len(k[3]) == 1 else ")")
        return (f"a {k[2]} tensor of shape {shape}" if lang == "en" else f"形状 {shape} の {k[2]} テンソル")
    en = {"None": "None", "bool": "a bool", "int": "a Python int", "float": "a Python float",
          "list": "a list", "tuple": "a tuple"}
    ja = {"None": " None ", "bool": " bool ", "int": " Python の int ", "float": " Python の float ",
          "list": "リスト", "tuple": "タプル"}
    return (en if lang == "en" else ja).get(k[0], f"a {k[0]}" if lang == "en" else f" {k[0]} ")


def _ignored_for_default(v: Any, default: Any) -> bool:
    """Whether an argument ``v`` (a number, a string or None, not a bool) differs from its parameter's
    ``default`` of the same kind, so that the reference at the default can tell whether it was ignored."""
    if isinstance(v, bool) or isinstance(default, bool):
        return False
    if default is None:
        return isinstance(v, (str, int, float))
    if isinstance(v, (int, float)) and isinstance(default, (int, float)):
        return v != default
    return isinstance(v, str) and isinstance(default, str) and v != default


@functools.lru_cache(maxsize=256)
def _string_options(fn: Any) -> dict:
    """parameter -> the string values the reference ``fn`` compares it with (``kind == "cosine"``,
    ``spacing in ("leading", "trailing")``): the options a string argument can take. Parsed once per
    reference (every failing comparison asks); callers must not change the result."""
    import ast
    import inspect
    import textwrap

    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return {}
    out: dict = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        names = [s.id for s in sides if isinstance(s, ast.Name)]
        consts = [c.value for s in sides for c in ([s] if isinstance(s, ast.Constant) else
                                                   getattr(s, "elts", []) if isinstance(s, (ast.Tuple, ast.List, ast.Set))
                                                   else []) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
        for n in names:
            for c in consts:
                out.setdefault(n, [])
                if c not in out[n]:
                    out[n].append(c)
    return out


def _plain(x: Any) -> bool:
    return all(isinstance(leaf, (torch.Tensor, int, float, bool, str, type(None))) for _, leaf in tree_leaves(x))


class Diagnoser:
    """``diagnoser(received) -> Message | None`` for :class:`autograder.checks.Check`."""

    #: At most this many arguments are probed for "ignores <arg>", each with one more student call.
    MAX_PROBES = 4
    #: Argument names probed first (the ones exercises hand in to be used).
    PROBE_FIRST = ("eps", "noise", "epsilon", "z", "alpha", "w", "guidance_scale", "t", "timesteps", "mu", "logvar")

    def __init__(self, assignment: str, log: CallLog, call: Any = None, call_seconds: float = 5.0,
                 withheld: tuple = ()):
        """``call(target, method, args, kwargs, timeout=, what=)``: the session's call into the worker
        (None: no probing of ignored inputs). ``withheld``: catalogue entry ids never named
        (:attr:`autograder.runconfig.RunConfig.withheld`)."""
        self.assignment = assignment
        self.withheld = frozenset(withheld)
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
                random = self._random_output(received, *found)
                if random is not None:
                    return random
                ignored = self._ignored_input(received, *found)
                if ignored is not None:
                    return ignored
        vague = None  # a slip of the reference that says little ("a term left out"): the last resort
        if plain:
            slip = self._reference_slip(received, *found)
            if slip is not None and slip[1] not in mutants.VAGUE:
                return slip[0]
            vague = slip
        if expected is None:
            return vague[0] if vague is not None else None
        tensors = [leaf for _, leaf in tree_leaves((call[2], call[3])) if isinstance(leaf, torch.Tensor)
                   ] if call is not None else []
        # a value-level explanation ("50 times: a sum over an axis of size 50 where ... the mean") says
        # more than "a term (or factor) left out", which is kept for when nothing else is found
        explained = explain(received, expected, [s for t in tensors for s in t.shape], tensors)
        if explained is None and vague is not None:
            self.last_cause = vague[2]
            return vague[0]
        return explained

    def _reference(self, name: str) -> Any:
        return reference_function(self.assignment, name)

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
        """The reference's output (at ``path``, float64, CPU) on ``bound`` with ``changes``; None if it
        raises or is complex (a slip that drops an ``abs``: its real part alone would compare)."""
        import warnings

        b = self._with(bound, changes)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                    warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a slipped reference's warnings are nobody's business
                out = torch.as_tensor(self._pick(ref(*_clone(b.args), **_clone(b.kwargs)), path)).detach()
            return None if out.is_complex() else out.to("cpu", torch.float64)
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

        def resolve(changes: dict, arguments) -> dict:
            # a change is a value (a default, another option) or a function of the call's arguments
            # (``1 - alpha``, a swap), so that it can be applied to the other calls as well
            return {k: (c(arguments) if callable(c) else c) for k, c in changes.items()}

        def slipped(changes: dict):
            import inspect

            def fn(*args, **kwargs):
                b = inspect.signature(ref).bind(*args, **kwargs)
                b.arguments.update(resolve(changes, b.arguments))
                return ref(*b.args, **b.kwargs)
            return fn

        def matches(changes: dict) -> bool:
            out = self._run_reference(ref, bound, path, resolve(changes, bound.arguments))
            return (out is not None and out.shape == got.shape and bool(torch.isfinite(out).all())
                    and torch.allclose(out, got, rtol=MATCH_RTOL, atol=MATCH_ATOL)
                    and self._holds(slipped(changes), call[0]["global"]))

        right = self._run_reference(ref, bound, path, {})
        # (an output of another shape is explained too: a slip can change the shape, e.g. num_steps + 1)
        if right is None or (right.shape == got.shape and torch.allclose(right, got, rtol=MATCH_RTOL, atol=MATCH_ATOL)):
            return None
        tensors = [n for n in names if isinstance(bound.arguments[n], torch.Tensor)
                   and bound.arguments[n].is_floating_point()]
        for i, a in enumerate(tensors):
            for b in tensors[i + 1:]:
                ta, tb = bound.arguments[a], bound.arguments[b]
                if ta.shape == tb.shape and ta.dtype == tb.dtype and matches({a: lambda A, b=b: A[b], b: lambda A, a=a: A[a]}):
                    return msg(f"Likely cause: `{a}` and `{b}` are swapped: your output is what the exercise's "
                               f"formula gives with `{b}` in place of `{a}` and the reverse.",
                               f"考えられる原因: `{a}` と `{b}` が入れ替わっています。出力は、課題の式で `{a}` と "
                               f"`{b}` を入れ替えたときの値です。")
        # a slipped tensor is named only for a floating output: an index or an order (argsort,
        # searchsorted) coincides with many wrong inputs, and would name a cause that is not there
        if torch.as_tensor(received).is_floating_point():
            for n in tensors:
                found = self._tensor_slip(n, bound.arguments[n], matches)
                if found is not None:
                    return found
            for n in tensors if right.shape == got.shape else ():
                found = self._noise_scale(n, bound.arguments[n], got, right,
                                          lambda c, n=n: self._run_reference(ref, bound, path, {n: c}), matches)
                if found is not None:
                    return found
        options = _string_options(ref)
        defaults = {p.name: p.default for p in bound.signature.parameters.values()
                    if p.default is not p.empty}
        for n in names:
            v = bound.arguments[n]
            if isinstance(v, bool):
                if matches({n: lambda A, n=n: not A[n]}):
                    return msg(f"Likely cause: `{n}` not followed: your output is what the exercise's formula gives "
                               f"with `{n}={not v}`, but the call passed `{n}={v}`.",
                               f"考えられる原因: `{n}` に従っていません。出力は `{n}={not v}` のときの式の値ですが、"
                               f"呼び出しでは `{n}={v}` を渡しています。")
                continue
            if n in defaults and _ignored_for_default(v, defaults[n]) and matches({n: defaults[n]}):
                return msg(f"Likely cause: your function ignores `{n}`: your output is what the exercise's formula "
                           f"gives with `{n}` at its default {defaults[n]!r}, but the call passed {v!r}.",
                           f"考えられる原因: `{n}` を無視しています。出力は `{n}` が既定値 {defaults[n]!r} のときの式の値"
                           f"ですが、呼び出しでは {v!r} を渡しています。")
            if isinstance(v, str):
                for alt in options.get(n, ()):
                    if alt != v and matches({n: alt}):
                        return msg(f"Likely cause: another convention: your output is what the exercise's formula "
                                   f"gives with `{n}={alt!r}`, but the call asked for `{n}={v!r}`.",
                                   f"考えられる原因: 別の規約です。出力は `{n}={alt!r}` のときの式の値ですが、"
                                   f"呼び出しでは `{n}={v!r}` を指定しています。")
                continue
            if isinstance(v, float):
                if 0.0 <= v <= 1.0 and v != 0.5 and matches({n: lambda A, n=n: 1.0 - A[n]}):
                    return msg(f"Likely cause: the other weight: your output matches the formula with "
                               f"`1 - {n}` where `{n}` is expected (alpha and 1 - alpha swapped).",
                               f"考えられる原因: 重みが逆です。`{n}` のところで `1 - {n}` を使ったときの値と一致します"
                               f"（alpha と 1 - alpha の取り違え）。")
                for delta in (1.0, -1.0):
                    if matches({n: lambda A, n=n, d=delta: A[n] + d}):
                        return msg(f"Likely cause: a shifted weight: your output matches the formula with "
                                   f"`{n} {'+' if delta > 0 else '-'} 1` (the (1 + w) and w forms of a guidance "
                                   "scale differ by one: use the exercise's form).",
                                   f"考えられる原因: 重みが 1 ずれています。`{n} {'+' if delta > 0 else '-'} 1` を使った"
                                   "ときの値と一致します（ガイダンスの (1 + w) 形式と w 形式は 1 違います。課題の形式を"
                                   "使ってください）。")
            elif isinstance(v, int) or (isinstance(v, torch.Tensor) and not v.is_floating_point()
                                        and v.dtype != torch.bool and v.numel() <= 64):
                for delta in (-1, 1):
                    if matches({n: lambda A, n=n, d=delta: A[n] + d}):
                        return msg(f"Likely cause: `{n}` off by one: your output is what the formula gives at "
                                   f"`{n} {'+' if delta > 0 else '-'} 1` (an index or timestep shifted by one).",
                                   f"考えられる原因: `{n}` が 1 つずれています。出力は `{n} {'+' if delta > 0 else '-'} 1` "
                                   "での式の値です（インデックスまたは時刻のずれ）。")
        return None

    @staticmethod
    def _tensor_slip(n: str, v: torch.Tensor, matches) -> Optional[Message]:
        """One floating tensor argument ``n`` slipped, as a student writes it: the log-variance, variance
        or standard deviation taken for another of the three, the other weight ``1 - n`` of a tensor in
        [0, 1] (an inverted mask, alpha and 1 - alpha), the wrong sign, a transposed weight matrix."""
        lower = n.lower()
        finite = bool(torch.isfinite(v).all())
        if not finite or v.numel() == 0:
            return None
        tried: list[tuple[Any, str, str]] = []
        if "logvar" in lower or "log_var" in lower:
            tried.append((lambda x: 2 * x, f"`{n}` used as log σ: your output is what the exercise's formula gives with "
                                 f"2 · {n}, i.e. exp({n}) taken as the standard deviation; {n} is log σ², so "
                                 f"σ = exp(0.5 · {n})",
                          f"`{n}` を log σ として使っています。出力は式で 2 · {n} としたときの値で、exp({n}) を標準偏差と"
                          f"したことになります。{n} は log σ² なので σ = exp(0.5 · {n}) です"))
            tried.append((lambda x: 0.5 * x, f"log σ where log σ² is meant: your output is what the formula gives with "
                                   f"0.5 · {n}; {n} = log σ² = 2 · log σ (a log standard deviation passed or "
                                   f"computed as `{n}`, or the 0.5 applied twice)",
                          f"log σ² のところで log σ を使っています。出力は式で 0.5 · {n} としたときの値です。"
                          f"{n} = log σ² = 2 · log σ です（対数標準偏差を `{n}` として渡した・計算した、"
                          f"または 0.5 を 2 回掛けた）"))
            if bool((v > 0).all()):
                tried.append((torch.log, f"`{n}` used as the variance: your output is what the formula gives "
                                            f"with log({n}); {n} is the log-variance: σ² = exp({n})",
                              f"`{n}` を分散として使っています。出力は式で log({n}) としたときの値です。{n} は"
                              f"対数分散で σ² = exp({n}) です"))
                tried.append((lambda x: 2 * torch.log(x), f"`{n}` used as the standard deviation: your output is what the "
                                                f"formula gives with 2 · log({n}); σ = exp(0.5 · {n})",
                              f"`{n}` を標準偏差として使っています。出力は式で 2 · log({n}) としたときの値です。"
                              f"σ = exp(0.5 · {n}) です"))
        elif ("var" in lower or lower in ("sigma2", "sigma_sq")) and bool((v > 0).all()):
            tried.append((lambda x: x * x, f"the variance `{n}` used as a standard deviation (squared once more): your "
                                 f"output is what the formula gives with {n}²",
                          f"分散 `{n}` を標準偏差として使っています（もう一度 2 乗）。出力は式で {n}² としたときの値です"))
            tried.append((torch.sqrt, f"the square root of the variance `{n}` used where the variance is needed: "
                                    f"your output is what the formula gives with sqrt({n})",
                          f"分散 `{n}` が必要なところでその平方根を使っています。出力は式で sqrt({n}) としたときの値です"))
        elif lower in ("std", "sigma", "sigmas", "scale", "sigma_t") and bool((v > 0).all()):
            tried.append((lambda x: x * x, f"`{n}` squared where the standard deviation is needed: your output is what the "
                                 f"formula gives with {n}²",
                          f"標準偏差が必要なところで `{n}` を 2 乗しています。出力は式で {n}² としたときの値です"))
            tried.append((torch.sqrt, f"the standard deviation `{n}` used as a variance: your output is what the "
                                    f"formula gives with sqrt({n})",
                          f"標準偏差 `{n}` を分散として使っています。出力は式で sqrt({n}) としたときの値です"))
        weight_like = any(w in lower for w in ("mask", "alpha", "weight", "beta", "abar", "strength")) \
            or lower in ("w", "lam", "lambda_", "t_frac")
        if weight_like and bool(((v >= 0) & (v <= 1)).all()) and not bool((v == 0.5).all()):
            tried.append((lambda x: 1 - x, f"the other weight: your output matches the formula with `1 - {n}` where "
                                 f"`{n}` is expected (an inverted mask, or alpha and 1 - alpha swapped)",
                          f"重みが逆です。`{n}` のところで `1 - {n}` を使ったときの値と一致します"
                          f"（マスクの反転、または alpha と 1 - alpha の取り違え）"))
        if bool((v != 0).any()):
            tried.append((torch.neg, f"`{n}` with the wrong sign: your output is what the exercise's formula gives "
                              f"with -{n}",
                          f"`{n}` の符号が逆です。出力は課題の式で -{n} としたときの値です"))
        if v.dim() == 2 and v.shape[0] == v.shape[1] and v.shape[0] > 1 and not torch.equal(v, v.T):
            tried.append((lambda x: x.T.contiguous(), f"`{n}` transposed: your output is what the formula gives with "
                                            f"{n}.T (x @ W where x @ W.T is meant, as nn.Linear computes)",
                          f"`{n}` が転置されています。出力は式で {n}.T としたときの値です"
                          "（nn.Linear のように x @ W.T のところを x @ W としています）"))
        for fn, en, ja in tried:
            # the slip as a function of the argument, so that the other calls can be checked with it
            if fn(v).shape == v.shape and matches({n: lambda A, fn=fn: fn(A[n]).to(A[n].dtype)}):
                return msg("Likely cause: " + en + ".", "考えられる原因: " + ja + "。")
        return None

    #: argument names that hold the provided noise of a sampling step (a scaled-noise slip is looked for)
    NOISE_NAMES = ("noise", "eps", "epsilon", "z", "noise_t")

    @staticmethod
    def _noise_scale(n: str, v: torch.Tensor, got: torch.Tensor, right: torch.Tensor, run, matches
                     ) -> Optional[Message]:
        """The provided noise ``n`` scaled by a wrong constant: the reference with ``c · n`` reproduces
        the student's output for one c > 0, c != 1 (``mean + var * noise`` where ``mean + std * noise``
        is meant gives c = std). The output is affine in the noise, so c is the least-squares fit
        from the reference at 0 · n and at n, and the claim is checked by running the reference at c · n."""
        if n.lower() not in Diagnoser.NOISE_NAMES or v.numel() < 2 or not bool((v != 0).any()):
            return None
        zero = run(torch.zeros_like(v))
        if zero is None or zero.shape != got.shape:
            return None
        d = right - zero
        denom = float((d * d).sum())
        if not denom > 0:
            return None
        c = float(((got - zero) * d).sum()) / denom
        if not (c > 0 and abs(c - 1) > 1e-3 and math.isfinite(c)) or not matches({n: lambda A: (c * A[n]).to(A[n].dtype)}):
            return None
        return msg(f"Likely cause: the `{n}` term is scaled wrongly: your output is what the exercise's formula gives "
                   f"with {c:.4g} · {n}. Check the factor that multiplies `{n}`: a standard deviation σ, not the "
                   "variance σ² (a missing or extra square root).",
                   f"考えられる原因: `{n}` の項の倍率が違います。出力は課題の式で {c:.4g} · {n} としたときの値です。"
                   f"`{n}` に掛ける係数を確認してください。分散 σ² ではなく標準偏差 σ です（平方根の付け忘れ、または余分）。")

    def _random_output(self, received: Any, call: tuple, path: tuple) -> Optional[Message]:
        """"your function draws its own random numbers": called once more in the worker with the very
        same inputs, the student's function gives another output (every exercise takes its randomness
        as arguments, so the reference is a function of its inputs)."""
        if self._call is None:
            return None
        target, _method, args, kwargs = call
        try:
            again = self._call(target, None, tuple(_clone(args)), dict(_clone(kwargs)),
                               timeout=self._call_seconds, what=f"{target['global']}()")
            again = torch.as_tensor(self._pick(again, path)).detach().to(torch.float64)
        except Exception:  # noqa: BLE001 - a probe that cannot run says nothing
            return None
        got = torch.as_tensor(received).detach().to(torch.float64)
        # a tolerance, not equality: a GPU's nondeterministic reductions are not "random numbers"
        if again.shape != got.shape or torch.allclose(again, got, rtol=MATCH_RTOL, atol=MATCH_ATOL, equal_nan=True):
            return None
        return msg(f"Likely cause: your function draws its own random numbers (or keeps state between calls): "
                   f"called twice with the same inputs it gave two different outputs; use the noise or "
                   f"generator you are given.",
                   "考えられる原因: 関数が自分で乱数を生成しています（または呼び出しの間で状態を保持しています）。"
                   "同じ入力で 2 回呼ぶと出力が違いました。渡されたノイズや generator を使ってください。")

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

    #: Seconds the one-slip mutants of a reference may take on one failing comparison (they run in
    #: the trusted process; the rest are left untried).
    SLIP_SECONDS = 2.0
    #: At most this many different slips are named together ("one of"); more say nothing.
    MAX_SLIPS_NAMED = 2

    def _reference_slip(self, received: Any, call: tuple, path: tuple) -> Optional[tuple]:
        """The reference with one slip (:mod:`autograder.mutants`: a missing sqrt, a sum for a mean, a
        dropped term or factor, a flipped keyword, another axis ...) reproduces the student's output on
        the inputs of this failing call, where the reference itself does not. Only reference code runs
        here. Named only when at most :attr:`MAX_SLIPS_NAMED` different slips reproduce it.

        Returns:
            (message, kind, instructor-side cause record) or None; kind "several" when the named
            slips are of different kinds."""
        import time

        found = self._bind(call)
        if found is None:
            return None
        ref, bound = found
        got = torch.as_tensor(received).detach().to("cpu", torch.float64)
        right = self._run_reference(ref, bound, path, {})
        if right is None or (right.shape == got.shape and torch.allclose(right, got, rtol=MATCH_RTOL, atol=MATCH_ATOL,
                                                                         equal_nan=True)):
            return None
        deadline = time.monotonic() + self.SLIP_SECONDS
        named: dict[str, mutants.Mutant] = {}
        for m in mutants.mutants(self.assignment, call[0]["global"]):
            if time.monotonic() > deadline:
                break
            out = self._run_reference(m.fn, bound, path, {})
            if out is None or out.shape != got.shape or (out.shape == right.shape and torch.allclose(
                    out, right, rtol=MATCH_RTOL, atol=MATCH_ATOL, equal_nan=True)):
                continue  # cannot run here, or harmless on these inputs: it explains nothing
            if torch.allclose(out, got, rtol=MATCH_RTOL, atol=MATCH_ATOL, equal_nan=True) \
                    and self._holds(m.fn, call[0]["global"]):
                named.setdefault(mutants.everywhere(m.en, "en"), m)  # "one sqrt" and "any sqrt": one cause
        if not named or len(named) > self.MAX_SLIPS_NAMED:
            return None
        found_slips = list(named.values())
        kind = found_slips[0].kind if len({m.kind for m in found_slips}) == 1 else "several"
        cause = mutants.describe(found_slips[0]) if len(found_slips) == 1 else None
        if kind not in mutants.VAGUE:
            self.last_cause = cause
        if len(found_slips) == 1:
            m = found_slips[0]
            return msg(f"Likely cause: {m.en}.", f"考えられる原因: {m.ja}。"), kind, cause
        return msg("Likely cause: one of these: " + "; or ".join(m.en for m in found_slips) + ".",
                   "考えられる原因（次のいずれか）: " + "。または、".join(m.ja for m in found_slips) + "。"), kind, cause

    def _holds(self, fn: Any, name: str) -> bool:
        """Whether ``fn`` (a slip of the reference, or a catalogued mistake) also gives what the student's
        function ``name`` returned in every other call kept by the log (:meth:`CallLog.samples`, across
        this submission's tests): a cause that matches one input by coincidence (a loss whose second
        term is ~0 at a large scale, a clamp that is inactive on these logits) is not named."""
        import warnings

        for args, kwargs, value in self.log.samples(name):
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                        warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    out = fn(*_clone(args), **_clone(kwargs))
            except Exception:  # noqa: BLE001 - the student's function ran here and the slip does not
                return False
            mine, theirs = list(tree_leaves(out)), list(tree_leaves(value))
            if [p for p, _ in mine] != [p for p, _ in theirs]:
                return False
            for (_, a), (_, b) in zip(mine, theirs):
                numbers = (torch.Tensor, int, float)
                if not (isinstance(a, numbers) and isinstance(b, numbers)):
                    if a != b:
                        return False
                    continue
                a, b = (torch.as_tensor(x).detach() for x in (a, b))
                if a.is_complex() or b.is_complex():
                    return False
                a, b = a.to("cpu", torch.float64), b.to("cpu", torch.float64)
                if a.shape != b.shape or not torch.allclose(a, b, rtol=MATCH_RTOL, atol=MATCH_ATOL, equal_nan=True):
                    return False
        return True

    def _catalogued(self, received: Any, expected: Any, call: tuple, path: tuple) -> Optional[Message]:
        target, method, args, kwargs = call
        name = target["global"]
        for variant in catalogue.mistakes_defining(self.assignment, name):
            if variant.id in self.withheld:
                continue
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
                                                             equal_nan=True) and self._holds(ns[name], name):
                    self.last_cause = {"id": variant.id, "en": variant.title.en, "ja": variant.title.ja}
                    return msg("Likely cause: " + variant.diagnosis.en, "考えられる原因: " + variant.diagnosis.ja)
            except Exception:  # noqa: BLE001 - a mistake that cannot run on these inputs names nothing
                continue
        return None


def _clone(x: Any) -> Any:
    return tree_map(lambda v: v.clone() if isinstance(v, torch.Tensor) else v, x)
