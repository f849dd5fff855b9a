"""Worker-side helpers for the ch5_applications suites (public; no solutions here)."""
from __future__ import annotations

import torch


def style_loss_grad(fn, gen_features: list, style_features: list, layer_weights=None) -> tuple:
    """Call ``fn(gen_features, style_features[, layer_weights])`` with ``requires_grad``
    on every generated feature map; return ``(loss, [d loss / d gen_features[i]])``.

    A grad is ``None`` when the loss does not depend on that input (or is not a
    tensor that requires grad).
    """
    xs = [f.detach().clone().requires_grad_(True) for f in gen_features]
    out = fn(xs, style_features) if layer_weights is None else fn(xs, style_features, layer_weights)
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        return out, [None for _ in xs]
    grads = torch.autograd.grad(out.sum(), xs, allow_unused=True)
    return out.detach(), [None if g is None else g.detach() for g in grads]


def call_with_dtype(fn, *args, dtype: str = "float64", **kwargs):
    """``fn(*args, dtype=torch.<dtype>, **kwargs)``: a torch dtype cannot travel to the
    worker, so the suite names it as a string (``"float32"`` or ``"float64"``)."""
    if dtype not in ("float32", "float64"):
        raise ValueError(f"dtype {dtype!r} not offered; use 'float32' or 'float64'")
    return fn(*args, dtype=getattr(torch, dtype), **kwargs)
