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
    missing, raises, or is degenerate (:func:`autograder.carry.informative`): then the dependent
    test grades against the reference log-density."""
    import solutions.ch1_fundamentals as ref
    from autograder.carry import informative

    if not informative(student.diag_gaussian_log_prob, ref.diag_gaussian_log_prob, (x, mean, var)):
        return None
    out = student.diag_gaussian_log_prob(x, mean, var)
    if not isinstance(out, torch.Tensor) or not out.is_floating_point():
        return None
    return out.to(torch.float64)