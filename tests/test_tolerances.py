"""The tolerance policy (autograder/tolerances.py, README "Tolerance policy").

The sweep that proves the widened tolerance still catches every catalogued mistake is
``autograder validity`` (tests/test_validity.py runs the CI subset; bench/results/validity_*.txt
records the full one).  Here: the rules themselves, on Check, without a worker.
"""
from __future__ import annotations

import pytest
import torch

from autograder.checks import Check
from autograder.diagnosis import CallLog
from autograder.messages import GradingFailure
from autograder.tolerances import FLOAT32_FLOOR, agreement_digits, effective_tolerance, tolerance


def _check(precision: bool = False, inputs_dtype=torch.float64):
    log = CallLog()
    return Check("cpu", call_log=log, precision=precision), log, torch.ones(3, dtype=inputs_dtype)


def _fail(check, got, expected, **kw) -> GradingFailure:
    with pytest.raises(GradingFailure) as info:
        check.close("q", got, expected, hint_en="FORMULA HINT", hint_ja="式のヒント", **kw)
    return info.value


def test_effective_tolerance_floors_only_the_relative_part():
    assert effective_tolerance("cpu", torch.float64) == (FLOAT32_FLOOR["cpu"], tolerance("cpu", torch.float64)[1])
    # a test asking for more gets float32's rtol; its atol stands (an absolute floor would hide tiny wrong values)
    assert effective_tolerance("cpu", torch.float64, 1e-9, 1e-12) == (FLOAT32_FLOOR["cpu"], 1e-12)
    assert effective_tolerance("cuda", torch.float64)[0] == FLOAT32_FLOOR["cuda"]
    # looser tests and lower-precision specs keep theirs
    assert effective_tolerance("cpu", torch.float64, 1e-2, 1e-3) == (1e-2, 1e-3)
    assert effective_tolerance("cpu", torch.float16) == tolerance("cpu", torch.float16)
    # a precision exercise: no floor
    assert effective_tolerance("cpu", torch.float64, precision=True) == tolerance("cpu", torch.float64)
    assert effective_tolerance("cpu", torch.float64, 1e-9, None, precision=True) == (1e-9, 1e-9)
    # exact for integers
    assert effective_tolerance("cpu", torch.int64) == (0.0, 0.0)
    assert effective_tolerance(None or "cpu", None) == (0.0, 0.0)


def test_float32_precision_in_a_float64_exercise_gets_full_marks():
    check, log, x = _check()
    expected = torch.linspace(0.5, 3.0, 7, dtype=torch.float64)
    got = expected.float().double() * (1 + 4e-5)  # float32 intermediates plus an epsilon's worth
    log.record(got, ({"global": "f"}, None, (x,), {}))
    check.close("q", got, expected)
    # also where the test asks for more than float32
    check.close("q", got, expected, rtol=1e-9, atol=1e-12)


def test_a_precision_exercise_keeps_float64():
    check, log, x = _check(precision=True)
    expected = torch.linspace(0.5, 3.0, 7, dtype=torch.float64)
    got = expected * (1 + 4e-5)
    log.record(got, ({"global": "f"}, None, (x,), {}))
    failure = _fail(check, got, expected)
    assert failure.kind == "mismatch"
    text = failure.message.en
    assert "agrees with the expected one to 4 significant digits" in text and "about precision" in text, text
    assert "FORMULA HINT" not in text


def test_a_near_miss_is_not_blamed_on_the_formula():
    check, log, x = _check()
    expected = torch.linspace(0.5, 3.0, 7, dtype=torch.float64)
    got = expected * (1 + 4e-4)
    log.record(got, ({"global": "f"}, None, (x,), {}))
    failure = _fail(check, got, expected)
    en, ja = failure.message.en, failure.message.ja
    assert "agrees with the expected one to 3 significant digits" in en and "float32" in en and "epsilon" in en, en
    assert "有効数字 3 桁" in ja and "式の" not in ja
    assert "FORMULA HINT" not in en
    # a wrong formula, far off: the formula hint, and no claim that it agrees
    got = expected * 1.05
    log.record(got, ({"global": "f"}, None, (x,), {}))
    text = _fail(check, got, expected).message.en
    assert "FORMULA HINT" in text and "agrees with the expected" not in text


def test_tiny_values_keep_their_absolute_tolerance():
    # C07: alphas_cumprod[-1] = 2.4e-9 in float64; a result that rounds it to 0 is wrong, and
    # float32 precision would have resolved it: no absolute floor
    check, log, x = _check()
    expected = torch.tensor([0.5, 1e-3, 2.4287e-9], dtype=torch.float64)
    got = expected.clone()
    got[-1] = 0.0
    log.record(got, ({"global": "f"}, None, (x,), {}))
    assert _fail(check, got, expected).kind == "mismatch"


@pytest.mark.parametrize("rel,digits", [(3e-5, 4), (1e-3, 3), (0.04, 1), (2.0, 0), (float("nan"), 0), (0.0, 16)])
def test_agreement_digits(rel, digits):
    assert agreement_digits(rel) == digits
