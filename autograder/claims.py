"""Verify what the worker reports: everything computed in the worker is the student's claim.

The public harness (``autograder/harness/``) runs inside the worker, next to the
student's code, so a notebook can replace any of its functions (or
``torch.autograd.grad``, ``Tensor.backward``, ``Module.__call__``, an optimizer's
``step``, the wire encoder).  A value that a harness helper returns therefore
earns nothing on its own.  The hidden tests use these helpers, in the trusted
process, to turn a claim into a checked fact:

* :func:`claimed_forward` — the forward value the helper reports must equal the
  student's function called directly through the proxy on the same inputs (a
  stub raises there, whatever the harness says);
* :func:`confirm_input_gradients` — each reported input gradient must agree with
  a central finite difference of the student's own function, called directly,
  along a direction the grader draws (the test then compares the gradient with
  the reference's gradient as before);
* :func:`confirm_param_gradients` — the same for gradients with respect to a
  module's parameters (perturbed copies are loaded through ``load_state_dict``).

What the grader cannot observe is whether autograd, inside the worker, tracked
the graph: a notebook that forges the gradient of a detached implementation must
itself compute the right gradient of the right function.  The README's threat
model states the rule.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Optional, Sequence

import torch

from .i18n import in_ja
from .messages import GradingFailure, msg

#: Seed of the grader's private generator for finite-difference directions (not the test's ``gen``).
FD_SEED = 90210


def _as_f64(value: Any) -> torch.Tensor:
    if isinstance(value, torch.Tensor) and type(value) is torch.Tensor:
        return value.detach().to("cpu", torch.float64)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return torch.tensor(float(value), dtype=torch.float64)
    raise GradingFailure(msg(f"expected a tensor, received {type(value).__name__}.",
                             f"テンソルが必要ですが、{type(value).__name__} が返されました。"), "output")


def _fail_claim(quantity: str, en: str, ja: str) -> None:
    raise GradingFailure(msg(f"{quantity}: {en}", f"{in_ja(quantity)}: {ja}"), "claim")


def claimed_forward(quantity: str, claimed: Any, direct: Any) -> None:
    """The value a harness helper reports must be what the student's function returns.

    Args:
        claimed: the forward value the worker-side helper returned.
        direct: the student's function called directly through the proxy, on the same inputs.

    Raises:
        GradingFailure (kind ``claim``): the two differ (the harness or torch was altered,
        or the function is not deterministic on fixed inputs).
    """
    try:
        c, d = _as_f64(claimed), _as_f64(direct)
    except GradingFailure:
        _fail_claim(quantity, "the helper's reported value is not a tensor; nothing is credited.",
                    "ヘルパーが報告した値がテンソルではありません。得点になりません。")
        return
    if c.shape != d.shape or not torch.allclose(c, d, rtol=1e-6, atol=1e-9, equal_nan=True):
        _fail_claim(quantity,
                    "the value reported by the grading helper differs from what your function returns on the same "
                    "inputs (is the harness, torch or the worker altered by your notebook, or does the function draw "
                    "its own random numbers?). Only values of your own function are credited.",
                    "採点用ヘルパーが報告した値が、同じ入力であなたの関数が返す値と違います（ノートブックがハーネス、torch、"
                    "ワーカーを書き換えていませんか？ 関数の中で乱数を生成していませんか？）。あなたの関数自身の値だけが得点になります。")


def _get(tree: Any, path: tuple) -> Any:
    for p in path:
        tree = tree[p]
    return tree


def _replace(tree: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    items = list(tree)
    items[path[0]] = _replace(items[path[0]], path[1:], value)
    return tuple(items) if isinstance(tree, tuple) else items


def _step(dtype: torch.dtype) -> float:
    """The central-difference step for inputs of ``dtype`` (Richardson-extrapolated: error O(h^4))."""
    return 1e-4 if dtype == torch.float64 else 3e-2


def _richardson(f: Callable[[float], float], h: float) -> float:
    """The derivative at 0 of ``f`` by central differences at h and h/2, Richardson-extrapolated
    (truncation error O(h^4); Numerical Recipes 3rd ed., sec. 5.7)."""
    d1 = (f(h) - f(-h)) / (2 * h)
    d2 = (f(h / 2) - f(-h / 2)) / h
    return (4 * d2 - d1) / 3


def _agrees(fd: float, claimed: float, dtype: torch.dtype) -> bool:
    rtol, atol = (1e-4, 1e-7) if dtype == torch.float64 else (3e-2, 1e-3)
    return abs(fd - claimed) <= atol + rtol * max(abs(fd), abs(claimed))


def _no_gradient_flows(call: Callable[..., Any], inputs: Sequence[Any], path: tuple, x: torch.Tensor,
                       quantity: str, g: torch.Generator) -> None:
    """Fail with "no gradient flows" when autograd reports no gradient for ``x`` (None) while the
    student's output does change with it: a ``.detach()``, ``.item()``, numpy round trip, a new
    tensor built from a result, or ``torch.no_grad()`` cut the graph (issue 13.5)."""
    v = torch.randn(x.shape, generator=g, dtype=torch.float64)

    def f(step: float) -> float:
        moved = _replace(list(inputs), path, (x.detach().double() + step * v).to(x.dtype))
        return float(_as_f64(call(*moved)).sum())

    fd = _richardson(f, _step(x.dtype))
    if not math.isfinite(fd) or _agrees(fd, 0.0, x.dtype):
        return
    where = "input " + ".".join(str(i) for i in path) if len(path) > 1 else f"argument {path[0] + 1}"
    where_ja = "入力 " + ".".join(str(i) for i in path) if len(path) > 1 else f"{path[0] + 1} 番目の引数"
    raise GradingFailure(msg(
        f"{quantity}: no gradient flows to {where}: your output changes with it (finite difference about "
        f"{fd:.2g}), but autograd finds no path from it.\nLikely cause: something in your function cuts the graph: .detach(), "
        ".item(), a numpy round trip, torch.tensor(...) built from a result, or torch.no_grad(). Keep the "
        "computation in torch operations on the inputs.",
        f"{in_ja(quantity)}: {where_ja}へ勾配が流れていません。出力はこの入力で変わります（差分でおよそ {fd:.2g}）が、"
        "autograd はそこへの経路を見つけられません。\n考えられる原因: 関数のどこかで計算グラフが切れています: .detach()、.item()、"
        "numpy への変換、結果から torch.tensor(...) を作る、torch.no_grad() など。入力に対する torch の演算だけで"
        "計算してください。"), "gradient")


def confirm_input_gradients(call: Callable[..., Any], inputs: Sequence[Any], grads: Sequence[Any],
                            wrt: Sequence[tuple], quantity: str, *, seed: int = FD_SEED) -> None:
    """Confirm reported gradients by finite differences of the student's own function.

    Args:
        call: ``call(*inputs)`` calls the student's function directly through the proxy.
        inputs: the inputs the helper received (grader-built tensors, lists of tensors).
        grads: the reported gradient for each entry of ``wrt`` (tensors shaped like the input, or None).
        wrt: paths into ``inputs`` of the differentiated tensors (``(0,)``, or ``(0, 2)`` for ``inputs[0][2]``).
        quantity: what is differentiated, in the student's words.

    For each path the grader draws a direction ``v`` (float64, from its own generator),
    and requires the central difference of ``f(x + h v)`` (Richardson-extrapolated) to be
    ``≈ <grad, v>``, with ``f`` the sum of the student's output (the quantity ``grad_of`` differentiates).  Gradients reported as
    None are left to the test (it says "not differentiable").

    Raises:
        GradingFailure (kind ``claim``): a reported gradient is not the derivative of the
        student's function; StudentCodeError: the student's function raised or is a stub.
    """
    g = torch.Generator().manual_seed(seed)
    for path, grad in zip(wrt, grads):
        x = _get(inputs, path)
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            continue
        if grad is None:
            _no_gradient_flows(call, inputs, path, x, quantity, torch.Generator().manual_seed(seed + 1))
            continue
        try:
            gr = _as_f64(grad)
        except GradingFailure:
            _fail_claim(quantity, "a reported gradient is not a tensor; nothing is credited.",
                        "報告された勾配がテンソルではありません。得点になりません。")
        if gr.shape != x.shape:
            continue  # the test's own shape check reports it
        v = torch.randn(x.shape, generator=g, dtype=torch.float64)

        def f(step: float, x=x, v=v, path=path) -> float:
            moved = _replace(list(inputs), path, (x.detach().double() + step * v).to(x.dtype))
            return float(_as_f64(call(*moved)).sum())

        fd = _richardson(f, _step(x.dtype))
        claimed = float((gr * v).sum())
        if not _agrees(fd, claimed, x.dtype):
            _fail_claim(quantity,
                        f"the reported gradient is not the derivative of your function (directional derivative "
                        f"{claimed:.6g}, finite difference of your function {fd:.6g}). Only gradients of your own "
                        f"function are credited.",
                        f"報告された勾配があなたの関数の微分になっていません（方向微分 {claimed:.6g}、あなたの関数の差分近似 "
                        f"{fd:.6g}）。あなたの関数自身の勾配だけが得点になります。")


def confirm_param_gradients(call: Callable[[Any], Any], make_module: Callable[[], Any], state: dict,
                            grads: dict, quantity: str, *, seed: int = FD_SEED) -> None:
    """Confirm reported parameter gradients by finite differences of the student's function.

    Args:
        call: ``call(module_handle)`` calls the student's function directly through the proxy.
        make_module: builds a fresh worker-side module (a handle) with ``load_state_dict``.
        state: the module's parameters as the grader knows them (name -> float tensor).
        grads: the reported ``{name: d value / d param}``.

    One direction over all reported parameters; the module is loaded with
    ``state ± h v`` and the student's function called on each.
    """
    if not isinstance(grads, dict):
        _fail_claim(quantity, "the reported gradients are not a dict; nothing is credited.",
                    "報告された勾配が dict ではありません。得点になりません。")
    g = torch.Generator().manual_seed(seed)
    names = [n for n in state if n in grads and grads[n] is not None]
    if not names:
        return
    dirs = {n: torch.randn(state[n].shape, generator=g, dtype=torch.float64) for n in names}

    def f(step: float) -> float:
        module = make_module()
        module.load_state_dict({n: ((p.double() + step * dirs[n]).to(p.dtype) if n in dirs else p.clone())
                                for n, p in state.items()})
        return float(_as_f64(call(module)).sum())

    fd = _richardson(f, _step(torch.float64 if all(state[n].dtype == torch.float64 for n in names)
                              else torch.float32))
    claimed = 0.0
    for n in names:
        gr = _as_f64(grads[n])
        if gr.shape != dirs[n].shape:
            return  # the test's own shape check reports it
        claimed += float((gr * dirs[n]).sum())
    if not _agrees(fd, claimed, state[names[0]].dtype):
        _fail_claim(quantity,
                    f"the reported parameter gradients are not the derivative of your function (directional "
                    f"derivative {claimed:.6g}, finite difference of your function {fd:.6g}). Only gradients of your "
                    f"own function are credited.",
                    f"報告されたパラメータ勾配があなたの関数の微分になっていません（方向微分 {claimed:.6g}、差分近似 "
                    f"{fd:.6g}）。あなたの関数自身の勾配だけが得点になります。")


def grad_of(student, name: str, inputs: list, argnums: Optional[list] = None, **kwargs) -> tuple:
    """``student.harness.grad_of`` with its claims verified in the grader.

    Calls the student's ``name`` directly (a stub or crash is reported under the
    student's own name), then the worker-side helper, then checks that the helper's
    forward value is the direct one and that each gradient is the derivative of the
    student's function (finite differences).  Returns ``(direct_output, grads)``.
    """
    fn = getattr(student, name)
    direct = fn(*inputs, **kwargs)
    out, grads = student.harness.grad_of(student.ref(name), inputs, argnums, **kwargs)
    claimed_forward(f"{name}() via the gradient helper", out, direct)
    idx = list(range(len(inputs))) if argnums is None else list(argnums)
    if not isinstance(grads, (list, tuple)) or len(grads) != len(idx):
        _fail_claim(f"{name}()", "the gradient helper reported a malformed result; nothing is credited.",
                    "勾配ヘルパーの結果が不正です。得点になりません。")
    confirm_input_gradients(lambda *a: fn(*a, **kwargs), inputs, grads, [(i,) for i in idx], f"d {name}() / d inputs")
    return direct, list(grads)
