"""Reported cases C01-C03 (../shared/cases/README.md), part (b): a submission with the described
mistake, graded through the real engine, loses points in that exercise only, with a message that
points at the mistake.  Part (a) (the reference values, and the values the mistakes give) is in
tests/test_solutions_ch1_fundamentals.py."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from autograder import catalogue
from autograder.batch import GradeTask, grade_tasks
from autograder.validity import judge, variant_notebook

CASES = {
    # case id: (exercise, mistake slug, failing test name fragment, text the feedback must contain)
    "C01": ("frechet_distance", "elementwise_sqrt", "c01", "element-wise"),
    "C02": ("frechet_distance", "complex_sqrtm", "c02", "complex"),
    "C03": ("feature_statistics", "float32_raw_moments", "c03", "float64"),
}


def _variant(exercise: str, slug: str) -> catalogue.Variant:
    for v in catalogue.load("ch1_fundamentals"):
        if v.exercise == exercise and v.kind == "mistake" and v.slug == slug:
            return v
    raise LookupError(f"{exercise}/mistake_{slug} is not in the catalogue")


@pytest.fixture(scope="module")
def graded():
    variants = {case: _variant(ex, slug) for case, (ex, slug, _, _) in CASES.items()}
    with tempfile.TemporaryDirectory(prefix="ch1-cases-") as tmp:
        tasks = [GradeTask(str(variant_notebook("ch1_fundamentals", v, Path(tmp))), "ch1_fundamentals", v.id, "cpu",
                           "basic", "en") for v in variants.values()]
        reports = grade_tasks(tasks, workers=0)
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
