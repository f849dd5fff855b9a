"""Shared helpers of the chapter 1 hidden suites (trusted process only; not collected by pytest)."""
from __future__ import annotations

from typing import Optional

import torch


#: Fréchet distance: relative tolerance wide enough for every eigen/sqrtm formulation in float64
#: (sqrt of near-zero eigenvalues of rank-deficient products loses ~1e-8 relative).
FD_RTOL, FD_ATOL = 1e-6, 1e-9


def rand(gen: torch.Generator, *shape: int, dtype=torch.float64, scale: float = 1.0, shift: float = 0.0):
    """Standard normal inputs from the test's generator (drawn in float64, then cast)."""
    return (torch.randn(*shape, generator=gen, dtype=torch.float64) * scale + shift).to(dtype)


def positive(gen: torch.Generator, *shape: int, dtype=torch.float64, low: float = 0.2, high: float = 2.0):
    return (low + (high - low) * torch.rand(*shape, generator=gen, dtype=torch.float64)).to(dtype)



def student_diag_log_prob(student, x, mean, var) -> Optional[torch.Tensor]:
    """The student's own diag_gaussian_log_prob (for error carried forward), or None when it is
    missing, raises, is degenerate, or has another shape than the reference's (:func:`autograder.carry.usable`:
    a value of another shape cannot be combined into the dependent answer): then the dependent
    test grades against the reference log-density."""
    import solutions.ch1_fundamentals as ref
    from autograder.carry import usable

    if not usable(student.diag_gaussian_log_prob, ref.diag_gaussian_log_prob, (x, mean, var)):
        return None
    out = student.diag_gaussian_log_prob(x, mean, var)
    if not isinstance(out, torch.Tensor) or not out.is_floating_point():
        return None
    return out.to(torch.float64)


def with_log_density(student, *arg_sets):
    """Error carried forward from the log-density exercise, for a dependent exercise (the classifier,
    the Monte Carlo KL, the mixture likelihood, EM).

    Returns ``(proxy, owns)``: ``owns[i]`` is :func:`student_diag_log_prob` on ``arg_sets[i]`` (the
    value the dependent answer may be carried forward from, or None), computed *before* the dependent
    function sees these inputs; ``proxy`` is the student's own proxy where their ``gaussian_log_prob``
    and ``diag_gaussian_log_prob`` can be used on ``arg_sets[0]``, else one that serves the reference
    in place of the unusable one (:func:`autograder.carry.dependent`): a log-density that raises, is a
    stub, or returns another shape costs its own exercise only, not four more."""
    import solutions.ch1_fundamentals as ref
    from autograder.carry import Upstream, dependent

    owns = [student_diag_log_prob(student, *a) for a in arg_sets]
    first = tuple(arg_sets[0])
    proxy, _replaced = dependent(
        student,
        Upstream("diag_gaussian_log_prob", ref.diag_gaussian_log_prob,
                 (student.diag_gaussian_log_prob, ref.diag_gaussian_log_prob, first)),
        Upstream("gaussian_log_prob", ref.gaussian_log_prob, (student.gaussian_log_prob, ref.gaussian_log_prob, first)))
    return proxy, owns