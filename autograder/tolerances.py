"""Named tolerances per dtype and device (``torch.testing.assert_close`` semantics:
``|received - expected| <= atol + rtol * |expected|`` element-wise).

They are wide enough for every valid formulation in the catalogues (float32,
equivalent formulas, GPU kernels) and narrow enough to catch every catalogued
mistake: ``autograder validity`` proves both for each exercise.
"""
from __future__ import annotations

import math

import torch

#: (rtol, atol) by (device type, dtype) of the student's output.
TOLERANCES: dict[tuple[str, torch.dtype], tuple[float, float]] = {
    ("cpu", torch.float64): (1e-7, 1e-9),
    ("cpu", torch.float32): (1e-4, 1e-5),
    ("cpu", torch.float16): (1e-2, 1e-3),
    ("cpu", torch.bfloat16): (2e-2, 1e-2),
    ("cuda", torch.float64): (1e-7, 1e-9),
    # TF32 is off in the worker, but reductions on the GPU sum in another order.
    ("cuda", torch.float32): (3e-4, 3e-5),
    ("cuda", torch.float16): (1e-2, 1e-3),
    ("cuda", torch.bfloat16): (2e-2, 1e-2),
}


def tolerance(device_type: str, dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) for outputs of ``dtype`` computed on ``device_type`` ("cpu"/"cuda").

    Integer and bool outputs are compared exactly: (0, 0).
    """
    if not dtype.is_floating_point:
        return 0.0, 0.0
    return TOLERANCES.get((device_type, dtype), TOLERANCES[("cpu", torch.float32)])


def significant_digits(rtol: float) -> int:
    """``rtol`` as the number of significant digits a student is asked to match (1e-7 -> 7,
    3e-4 -> 3); 0 for an exact comparison (rtol 0).  Shown in feedback instead of raw tolerances."""
    if rtol <= 0:
        return 0
    return max(1, math.floor(-math.log10(rtol) + 1e-9))
