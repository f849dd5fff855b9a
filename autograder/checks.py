"""Comparison helpers used by the hidden suites (fixture ``check``).

Every failure raises :class:`~autograder.messages.GradingFailure` with a message
that names the quantity, the expected vs received shape or value, where it
differs (index, max abs/rel error) and a hint, in Japanese and English.
Received values are plain CPU tensors (or Python numbers) that the proxy decoded
from the worker's safetensors reply; they are never student objects.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence

import torch

from .i18n import in_ja
from .messages import GradingFailure, Message, StudentCodeError, msg
from .tolerances import NEAR_MISS_ATOL, NEAR_MISS_RTOL, agreement_digits, effective_tolerance, significant_digits

_FLOAT = "float"
_INT = "int"
_BOOL = "bool"


def _family(dtype: torch.dtype) -> str:
    if dtype == torch.bool:
        return _BOOL
    return _FLOAT if (dtype.is_floating_point or dtype.is_complex) else _INT


def _fmt(x: float) -> str:
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):
        return str(x)
    return f"{x:.6g}"


def _magnitude(rel: float) -> str:
    """A relative error as its order of magnitude ("~1e-03"): enough to tell float32 noise from a
    wrong formula, too coarse to reconstruct the expected value from the received one."""
    if math.isnan(rel):
        return str(rel)
    if rel <= 0:
        return "0"
    if rel >= 1:  # also inf (an expected 0): "far off" says enough and does not reveal the expected value
        return ">= 1"
    return f"~1e{math.floor(math.log10(rel) + 0.5):+03d}"


def _shape(t: torch.Tensor) -> str:
    return "(" + ", ".join(str(s) for s in t.shape) + (",)" if t.dim() == 1 else ")")


def _type_label(value: Any) -> str:
    """The type a student returned, as they named it: an object that stayed in the worker (a
    :class:`~genmodels_lab.runtime.wire.Handle`) by its class name there (made inert, capped)."""
    from genmodels_lab.runtime.wire import Handle

    if isinstance(value, Handle):
        from .textsafe import clean

        return clean(str(value.type_name))[:60]
    return type(value).__name__


def _float_dtypes(tree: Any) -> list:
    """The floating dtypes of every tensor in a (nested) argument tree built by the grader."""
    from genmodels_lab.runtime.tree import tree_leaves

    return [v.dtype for _, v in tree_leaves(tree) if isinstance(v, torch.Tensor) and v.dtype.is_floating_point]


def _less_precise(a: torch.dtype, b: torch.dtype) -> bool:
    """Whether floating dtype ``a`` carries fewer significant bits than ``b`` (bfloat16 < float16 < float32 < float64)."""
    return torch.finfo(a).eps > torch.finfo(b).eps


class Check:
    """Assertions with student-readable messages.

    Args:
        device_type: "cpu" or "cuda": the device the student's code ran on (from the
            grader's ``--device``, never from the student's output); with the spec
            dtype it picks the default tolerance (:mod:`autograder.tolerances`).
        diagnose: optional callable ``(received) -> Message | None`` that names a
            catalogued mistake whose output matches ``received`` on the inputs of
            the last student call (see :mod:`autograder.diagnosis`).
        call_log: the session's :class:`autograder.diagnosis.CallLog`; it tells which
            grader-built inputs produced a received tensor, so the *spec* dtype of
            the output (the dtype of its data input) is known.
        precision: the exercise is about numerical precision (``@pytest.mark.precision``):
            no float32 floor on its tolerances (:mod:`autograder.tolerances`, rule 2).

    The tolerance follows the dtype the exercise specifies for the output, never
    the dtype the student returns (a bfloat16 cast must not loosen it): see
    :meth:`spec_dtype`.
    """

    def __init__(self, device_type: str = "cpu", diagnose: Optional[Callable[[Any], Optional[Message]]] = None,
                 call_log: Any = None, precision: bool = False):
        self.device_type = device_type
        self.precision = precision
        self._diagnose = diagnose
        self._log = call_log if call_log is not None else getattr(diagnose, "log", None)
        #: quantities that held only against a value carried forward from the student's own upstream
        #: functions (:meth:`close_any`, :meth:`carried_forward`): the test is then *excused*
        #: (:mod:`autograder.scoring`), and its result says so
        self.carried: list[str] = []

    def carried_forward(self, quantity: str) -> None:
        """Record that ``quantity`` is credited by error carried forward: it differs from the
        reference, but it is what the student's own upstream functions give on these inputs."""
        if quantity not in self.carried:
            self.carried.append(quantity)

    def spec_dtype(self, received: Any, expected: torch.Tensor, out_dtype: Optional[torch.dtype] = None
                   ) -> Optional[torch.dtype]:
        """The floating dtype the exercise specifies for ``received``.

        In order: ``out_dtype`` when the test states it; else the dtype of the first
        floating tensor the grader passed to the call that returned ``received`` (the
        exercises' rule: the output keeps the dtype of its data input — ``x0``, ``x_t``,
        ``mu``, the logits — while schedules and parameters that follow may be
        float64); else the reference's dtype.  ``None`` for non-floating references.
        The dtype the student returned is never consulted.
        """
        return self._spec(received, expected, out_dtype)[0]

    def _spec(self, received: Any, expected: torch.Tensor, out_dtype: Optional[torch.dtype]
              ) -> tuple[Optional[torch.dtype], str]:
        """(:meth:`spec_dtype`, where it came from: ``"stated"``, ``"inputs"`` or ``"reference"``)."""
        if out_dtype is not None:
            return out_dtype, "stated"
        if not expected.dtype.is_floating_point:
            return None, "reference"
        if self._log is not None:
            found = self._log.lookup(received)
            if found is not None:
                (_target, _method, args, kwargs), _path = found
                dtypes = _float_dtypes(args) + _float_dtypes(kwargs)
                if dtypes:
                    return dtypes[0], "inputs"
        return expected.dtype, "reference"

    # -- helpers ---------------------------------------------------------
    def _fail(self, text: Message, kind: str, hint: Optional[Message], received: Any = None,
              expected: Any = None, detail: Optional[dict] = None) -> None:
        if hint is not None:
            text = text + msg("Hint: " + hint.en, "ヒント: " + hint.ja)
        if received is not None and self._diagnose is not None:
            try:
                found = self._diagnose(received, expected)
            except Exception:  # noqa: BLE001 - a diagnosis never turns a failure into a crash
                found = None
            if found is not None:
                text = text + found
                cause = getattr(self._diagnose, "last_cause", None)
                if cause:  # instructor-only: which catalogued mistake this looks like (class item analysis)
                    detail = {**(detail or {}), "cause": cause}
        raise GradingFailure(text, kind, detail)

    @staticmethod
    def _hint(hint_en: Optional[str], hint_ja: Optional[str]) -> Optional[Message]:
        if hint_en is None and hint_ja is None:
            return None
        return msg(hint_en or hint_ja or "", hint_ja or hint_en)

    def _as_tensor(self, quantity: str, value: Any, hint: Optional[Message]) -> torch.Tensor:
        if isinstance(value, torch.Tensor) and type(value) is torch.Tensor:
            return value
        if isinstance(value, bool):
            return torch.tensor(value)
        if isinstance(value, (int, float)):
            return torch.tensor(value, dtype=torch.float64 if isinstance(value, float) else torch.int64)
        what = _type_label(value)
        self._fail(msg(f"{quantity}: expected a tensor (or a number), received {what}.",
                       f"{in_ja(quantity)}: テンソル（または数値）が必要ですが、{what} が返されました。"),
                   "type", hint)
        raise AssertionError("unreachable")

    # -- public API ------------------------------------------------------
    def true(self, condition: bool, en: str, ja: str, kind: str = "mismatch") -> None:
        """Fail with the given message when ``condition`` is false."""
        if not condition:
            raise GradingFailure(msg(en, ja), kind)

    def shape(self, quantity: str, received: Any, expected_shape: Sequence[int], *,
              hint_en: Optional[str] = None, hint_ja: Optional[str] = None) -> torch.Tensor:
        """Check that ``received`` is a tensor of exactly ``expected_shape``; return it."""
        hint = self._hint(hint_en, hint_ja)
        t = self._as_tensor(quantity, received, hint)
        exp = tuple(int(s) for s in expected_shape)
        if tuple(t.shape) != exp:
            ex = "(" + ", ".join(map(str, exp)) + (",)" if len(exp) == 1 else ")")
            self._fail(msg(f"{quantity}: wrong shape: expected {ex}, received {_shape(t)}.",
                           f"{in_ja(quantity)}: 形状が違います。期待 {ex}、受け取った形状 {_shape(t)}。"),
                       "shape", hint)
        return t

    def close(self, quantity: str, received: Any, expected: Any, *, rtol: Optional[float] = None,
              atol: Optional[float] = None, dtype: Optional[torch.dtype] = None,
              out_dtype: Optional[torch.dtype] = None, allow_nonfinite: bool = False,
              hint_en: Optional[str] = None, hint_ja: Optional[str] = None) -> None:
        """Compare a student output with the reference.

        Args:
            quantity: what is compared, in the student's words ("KL", "x_prev").
            received: the student's output (tensor or number).
            expected: the reference (tensor or number), computed in this process.
            rtol, atol: the test's own tolerance instead of the named one of the spec dtype on this
                device; outside a precision exercise the rtol never goes below float32's
                (:func:`autograder.tolerances.effective_tolerance`).
            dtype: when given, the received dtype must equal it exactly;
                otherwise only the family (float / int / bool) must match, and a
                floating output may not be less precise than the spec dtype.
            out_dtype: the dtype the exercise specifies for this output, when it is not
                the inputs' dtype (see :meth:`spec_dtype`).
            allow_nonfinite: accept NaN/inf where the reference has them.
            hint_en, hint_ja: the usual mistake behind a mismatch.

        Raises:
            GradingFailure: with kind ``shape``, ``dtype``, ``nonfinite`` or ``mismatch``.
        """
        hint = self._hint(hint_en, hint_ja)
        exp = self._as_tensor(quantity, expected, None).detach()
        spec, spec_source = self._spec(received, exp, out_dtype if out_dtype is not None else dtype)
        got = self._as_tensor(quantity, received, hint)
        if tuple(got.shape) != tuple(exp.shape):
            self._fail(msg(f"{quantity}: wrong shape: expected {_shape(exp)}, received {_shape(got)}.",
                           f"{in_ja(quantity)}: 形状が違います。期待 {_shape(exp)}、受け取った形状 {_shape(got)}。"),
                       "shape", hint, received, exp)
        if dtype is not None and got.dtype != dtype:
            self._fail(msg(f"{quantity}: wrong dtype: expected {dtype}, received {got.dtype}.",
                           f"{in_ja(quantity)}: dtype が違います。期待 {dtype}、受け取った dtype {got.dtype}。"),
                       "dtype", hint)
        if _family(got.dtype) != _family(exp.dtype) and not (
                _family(exp.dtype) == _FLOAT and isinstance(received, (int, float)) and not isinstance(received, bool)):
            self._fail(msg(f"{quantity}: expected a {_family(exp.dtype)} tensor, received dtype {got.dtype}.",
                           f"{in_ja(quantity)}: {_family(exp.dtype)} 型のテンソルが必要ですが、dtype {got.dtype} が返されました。"),
                       "dtype", hint)
        if spec is not None and spec.is_floating_point and got.dtype.is_floating_point and _less_precise(got.dtype, spec):
            why_en, why_ja = (("the dtype of the inputs", "入力の dtype") if spec_source == "inputs"
                              else ("the exercise's precision", "課題の精度"))
            self._fail(msg(f"{quantity}: wrong dtype: the exercise asks for {spec} ({why_en}), received "
                           f"{got.dtype}. Compute in the inputs' dtype and do not cast the result to a lower precision.",
                           f"{in_ja(quantity)}: dtype が違います。課題の指定は {spec}（{why_ja}）ですが、{got.dtype} が返されました。"
                           f"入力の dtype のまま計算し、結果を低い精度に変換しないでください。"),
                       "dtype", hint)
        if got.numel() == 0:
            return
        g = got.to(torch.float64) if _family(got.dtype) != _BOOL else got.to(torch.int64).to(torch.float64)
        e = exp.to(torch.float64) if _family(exp.dtype) != _BOOL else exp.to(torch.int64).to(torch.float64)
        if not allow_nonfinite:
            bad = ~torch.isfinite(g) & torch.isfinite(e)
            if bool(bad.any()):
                idx = tuple(int(i) for i in torch.nonzero(bad)[0].tolist())
                self._fail(msg(f"{quantity}: non-finite value {_fmt(float(g[idx]))} at index {list(idx)} "
                               f"(the expected value is finite); {int(bad.sum())} of {g.numel()} elements are NaN/inf.",
                               f"{in_ja(quantity)}: インデックス {list(idx)} に有限でない値 {_fmt(float(g[idx]))} があります"
                               f"（期待値は有限です）。{g.numel()} 要素中 {int(bad.sum())} 個が NaN/inf です。"),
                           "nonfinite", hint, received, exp)
        rtol, atol = effective_tolerance(self.device_type, spec if spec is not None else exp.dtype, rtol, atol,
                                         precision=self.precision)
        same_nonfinite = (~torch.isfinite(e)) & (g == e) | (torch.isnan(e) & torch.isnan(g))
        diff = (g - e).abs()
        diff = torch.where(same_nonfinite, torch.zeros_like(diff), diff)
        diff = torch.where(torch.isnan(diff), torch.full_like(diff, math.inf), diff)
        allowed = atol + rtol * e.abs()
        allowed = torch.where(torch.isfinite(allowed), allowed, torch.zeros_like(allowed))
        over = diff > allowed
        if bool(over.any()):
            excess = torch.where(over, diff - allowed, torch.zeros_like(diff))
            flat = int(torch.argmax(excess.reshape(-1)))
            idx = tuple(int(i) for i in torch.unravel_index(torch.tensor(flat), g.shape)) if g.dim() else ()
            nonzero = e.abs() > 0
            rel = diff[nonzero] / e.abs()[nonzero]
            max_rel = float(rel[torch.isfinite(rel)].max()) if bool(torch.isfinite(rel).any()) else math.inf
            where = f" at index {list(idx)}" if idx else ""
            where_ja = f"インデックス {list(idx)} で" if idx else ""
            n_bad = int(over.sum())
            # The expected value is never quoted: every test's inputs are the same for every submission
            # (fixed cases, seeded generators), so a quoted value could be replayed by a stub. The
            # received value, where it differs, and the size of the error (an order of magnitude) stay.
            # Students read the tolerance as significant digits; the raw rtol/atol go to the
            # instructor-only ``detail`` of the result (report JSON, Gradescope extra_data).
            digits = significant_digits(rtol)
            need_en = f"the test asks for {digits} significant digits" if digits else "the test asks for an exact match"
            need_ja = f"有効数字 {digits} 桁の一致が必要です" if digits else "完全な一致が必要です"
            if digits and bool((diff <= NEAR_MISS_ATOL + NEAR_MISS_RTOL * e.abs()).all()):
                hint = self._near_miss(agreement_digits(max_rel))
            self._fail(msg(
                f"{quantity}: value differs from the expected value{where}: received {_fmt(float(g[idx]))} "
                f"({n_bad} of {g.numel()} elements outside tolerance; relative error {_magnitude(max_rel)}; "
                f"{need_en}).",
                f"{in_ja(quantity)}: {where_ja}値が期待値と違います。受け取った値 {_fmt(float(g[idx]))}"
                f"（{g.numel()} 要素中 {n_bad} 個が許容誤差外。相対誤差 {_magnitude(max_rel)}。{need_ja}）。"),
                "mismatch", hint, received, exp, detail={"rtol": rtol, "atol": atol, "quantity": quantity})

    def _near_miss(self, digits: int) -> Message:
        """The hint for a result that agrees to ``digits`` significant digits but not to the test's
        tolerance (:mod:`autograder.tolerances`, rule 3): precision or an epsilon, not the formula."""
        if self.precision:
            return msg(f"your value agrees with the expected one to {digits} significant digits, but this exercise "
                       "is about precision: some of your arithmetic loses it (float32 intermediates, or a formula that "
                       "cancels large terms). Compute in float64, and centre before you multiply.",
                       f"値は期待値と有効数字 {digits} 桁まで一致していますが、この課題は精度を問うものです。計算のどこかで精度が"
                       "失われています（float32 の途中計算、または大きな項どうしの打ち消し）。float64 で計算し、掛け算の前に"
                       "中心化してください。")
        return msg(f"your value agrees with the expected one to {digits} significant digits: the formula is likely "
                   "right, and the difference is likely float32 arithmetic (torch.arange and torch.tensor default to "
                   "float32) or an added epsilon. Compute in the inputs' dtype (float64) and without an epsilon.",
                   f"値は期待値と有効数字 {digits} 桁まで一致しています。式はおそらく正しく、差はおそらく float32 の途中計算"
                   "（torch.arange と torch.tensor の既定は float32）か、足した epsilon によるものです。入力の dtype"
                   "（float64）のまま、epsilon を足さずに計算してください。")

    def close_any(self, quantity: str, received: Any, candidates: Sequence[Any], **kw) -> None:
        """Pass when ``received`` is close to any candidate: the reference first, then values
        carried forward from the student's own earlier functions (error carried forward, so one
        mistake costs one exercise).  ``None`` candidates are skipped; otherwise the failure
        against the first candidate is raised.  A student error is raised at once.  A pass against a
        later candidate only is recorded (:meth:`carried_forward`): the test is then excused."""
        first = None
        for i, cand in enumerate(candidates):
            if cand is None:
                continue
            try:
                self.close(quantity, received, cand, **kw)
                if i > 0:
                    self.carried_forward(quantity)
                return
            except StudentCodeError:
                raise
            except GradingFailure as exc:
                first = first or exc
        if first is not None:
            raise first
