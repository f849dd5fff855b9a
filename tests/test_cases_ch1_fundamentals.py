"""Reported cases C01-C03 (../shared/cases/README.md), part (b): a submission with the described
mistake, graded through the real engine, loses points in that exercise only, with a message that
points at the mistake.  Part (a) (the reference values, and the values the mistakes give) is in
tests/test_solutions_ch1_fundamentals.py."""
from __future__ import annotations

import pytest

from autograder import catalogue
from autograder.validity import grade_entries, judge

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

CASES = {
    # case id: (exercise, mistake slug, failing test name fragment, text the feedback must contain)
    "C01": ("frechet_distance", "elementwise_sqrt", "c01", "element-wise"),
    "C02": ("frechet_distance", "complex_sqrtm", "c02", "complex"),
    "C03": ("feature_statistics", "float32_raw_moments", "c03", "float64"),
}



@pytest.fixture(scope="module")
def graded():
    variants = {case: catalogue.find("ch1_fundamentals", ex, "mistake", slug) for case, (ex, slug, _, _) in CASES.items()}
    reports = grade_entries(list(variants.values()))
    return {case: (variants[case], report) for case, report in zip(variants, reports)}


def _check(graded, case):
    variant, report = graded[case]
    verdict = judge(variant, report)           # loses points in its own exercise only, full marks elsewhere
    assert verdict.ok, verdict.detail
    exercise = report.exercise(variant.exercise)
    assert exercise.score < exercise.max_score
    _, _, fragment, text = CASES[case]
    failing = [t for t in exercise.tests if fragment in t.name and t.status != "passed"]
    assert failing, f"{case}: no failing test named *{fragment}*: {[t.name for t in exercise.tests]}"
    messages = " ".join(t.message.en for t in failing if t.message is not None)
    assert text in messages, messages


@pytest.mark.slow
def test_case_c01_elementwise_sqrt_loses_points(graded):
    _check(graded, "C01")


@pytest.mark.slow
def test_case_c02_complex_sqrtm_loses_points(graded):
    _check(graded, "C02")


@pytest.mark.slow
def test_case_c03_float32_raw_moments_loses_points(graded):
    _check(graded, "C03")
