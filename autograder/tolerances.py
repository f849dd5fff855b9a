"""The tolerance policy: how close a student's floating output must be to the reference.

Comparisons follow ``torch.testing.assert_close`` semantics:
``|received - expected| <= atol + rtol * |expected|`` element-wise.

The policy, in three rules (README, "Tolerance policy"):

1. **The spec dtype decides, never the returned dtype.** The tolerance is the one named in
   :data:`TOLERANCES` for the dtype the exercise specifies for the output (the dtype of its data
   input, see :meth:`autograder.checks.Check.spec_dtype`) on the grader's device.  A result of
   lower precision than the spec dtype fails a dtype check before any value is compared.
2. **float32 precision is always enough, unless the exercise is about precision.** Real code
   computes intermediates in float32 without meaning to (``torch.arange`` and ``torch.tensor``
   default to float32; diffusers builds its timestep embedding and schedules that way) or adds
   a standard stabiliser (``log(p + 1e-6)``, ``var + 1e-5``).  Those are not wrong formulas, so
   every floating comparison allows at least the float32 relative tolerance of the device
   (:data:`FLOAT32_FLOOR`), also where a test asks for more.  An exercise *about* precision
   (its notebook says so: the C03-style ``feature_statistics``) carries
   ``@pytest.mark.precision``; there the spec tolerance and a test's own tolerance stand as
   written.
3. **A near miss is named as one.** A result outside the tolerance that still agrees to
   :data:`NEAR_MISS_RTOL` (3 significant digits or more) is reported as "agrees to N significant
   digits: likely float32 arithmetic or an epsilon", never as a wrong formula
   (:func:`agreement_digits`, used by :class:`autograder.checks.Check`).

Widening a tolerance is a claim: ``autograder validity`` proves, for every exercise, that each
catalogued mistake still loses its points and each valid variant gets full marks
(``bench/results/validity_*.txt`` records the sweep that accompanied this policy).
"""
from __future__ import annotations

import math
from typing import Optional

import torch

#: (rtol, atol) by (device type, dtype) of the output the exercise specifies.
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

#: Rule 2: the least relative tolerance any floating comparison allows outside a precision
#: exercise, by device: the float32 rtol.  Only the relative part has a floor: float32 arithmetic
#: keeps relative precision at every magnitude (a float32 cumprod still resolves
#: alphas_cumprod[-1] = 2.4e-9), so an absolute floor would only hide wrong tiny values.
FLOAT32_FLOOR: dict[str, float] = {
    "cpu": TOLERANCES[("cpu", torch.float32)][0],
    "cuda": TOLERANCES[("cuda", torch.float32)][0],
}

#: Rule 3: outside the tolerance but within this relative error (and NEAR_MISS_ATOL), a result
#: is a near miss: precision or an epsilon, not a formula.
NEAR_MISS_RTOL, NEAR_MISS_ATOL = 1e-3, 1e-6


def tolerance(device_type: str, dtype: torch.dtype) -> tuple[float, float]:
    """(rtol, atol) named for outputs of ``dtype`` computed on ``device_type`` ("cpu"/"cuda").

    Integer and bool outputs are compared exactly: (0, 0).
    """
    if not dtype.is_floating_point:
        return 0.0, 0.0
    return TOLERANCES.get((device_type, dtype), TOLERANCES[("cpu", torch.float32)])


def effective_tolerance(device_type: str, spec: Optional[torch.dtype], rtol: Optional[float] = None,
                        atol: Optional[float] = None, *, precision: bool = False) -> tuple[float, float]:
    """The (rtol, atol) a comparison applies (rules 1 and 2 of the module docstring).

    Args:
        device_type: "cpu" or "cuda", the grader's device.
        spec: the dtype the exercise specifies for the output (None: not floating, exact).
        rtol, atol: a test's own tolerance, when it states one (either may be None: the named one).
        precision: the exercise is about precision (``@pytest.mark.precision``): no float32 floor.

    Returns:
        (rtol, atol); (0, 0) or the test's own values for a non-floating spec.
    """
    if spec is None or not spec.is_floating_point:
        return (0.0 if rtol is None else rtol), (0.0 if atol is None else atol)
    named_rtol, named_atol = tolerance(device_type, spec)
    rtol = named_rtol if rtol is None else rtol
    atol = named_atol if atol is None else atol
    if not precision:
        rtol = max(rtol, FLOAT32_FLOOR.get(device_type, FLOAT32_FLOOR["cpu"]))
    return rtol, atol


def agreement_digits(max_rel: float) -> int:
    """How many significant digits a result with relative error ``max_rel`` agrees to
    (3e-5 -> 4, 1e-3 -> 3); 0 when it is 1 or more, or not finite."""
    if not math.isfinite(max_rel) or max_rel >= 1:
        return 0
    if max_rel <= 0:
        return 16
    return max(0, math.floor(-math.log10(max_rel) + 1e-9))


def significant_digits(rtol: float) -> int:
    """``rtol`` as the number of significant digits a student is asked to match (1e-7 -> 7,
    3e-4 -> 3); 0 for an exact comparison (rtol 0).  Shown in feedback instead of raw tolerances."""
    if rtol <= 0:
        return 0
    return max(1, math.floor(-math.log10(rtol) + 1e-9))
