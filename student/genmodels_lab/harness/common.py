"""Helpers available to every suite inside the worker (public; no solutions here)."""
from __future__ import annotations

import torch


def make_optimizer(module: torch.nn.Module, name: str = "SGD", **kwargs) -> torch.optim.Optimizer:
    """Build ``torch.optim.<name>(module.parameters(), **kwargs)`` (name in SGD, Adam)."""
    if name not in ("SGD", "Adam"):
        raise ValueError(f"optimizer {name!r} not offered; use 'SGD' or 'Adam'")
    return getattr(torch.optim, name)(module.parameters(), **kwargs)


def state_dict(module: torch.nn.Module) -> dict:
    """``module.state_dict()`` as a plain dict of detached tensors."""
    return {k: v.detach() for k, v in module.state_dict().items()}


def grad_of(fn, inputs: list, argnums: list | None = None, **kwargs) -> tuple:
    """Call ``fn(*inputs, **kwargs)`` with ``requires_grad`` on the float inputs
    listed in ``argnums`` (default: all float tensors), backpropagate the sum of
    the (scalar or tensor) output, and return ``(output, [grads])``.

    A grad is ``None`` when the output does not depend on that input.
    """
    argnums = list(range(len(inputs))) if argnums is None else list(argnums)
    xs = []
    for i, x in enumerate(inputs):
        if i in argnums and isinstance(x, torch.Tensor) and x.is_floating_point():
            x = x.detach().clone().requires_grad_(True)
        xs.append(x)
    out = fn(*xs, **kwargs)
    if not isinstance(out, torch.Tensor) or not out.requires_grad:
        return out, [None for _ in argnums]
    grads = torch.autograd.grad(out.sum(), [xs[i] for i in argnums], allow_unused=True)
    return out.detach(), [None if g is None else g.detach() for g in grads]
