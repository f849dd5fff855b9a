"""Reported cases C09-C11 (../shared/cases/README.md), part (b): a submission with the described
mistake, graded through the real engine, loses points in that exercise only, with a message that
points at the mistake.  Part (a) (the reference values, and the values the mistakes give) is in
tests/test_solutions_ch3_gan.py."""
from __future__ import annotations

import pytest

from autograder import catalogue
from autograder.validity import grade_entries, judge

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

CASES = {
    # case id: (exercise, mistake slug, failing test name fragment, text the feedback must contain)
    "C09": ("bce_losses", "double_sigmoid", "c09", "sigmoid"),
    "C10": ("gradient_penalty", "norm_dim1", "c10", "non-batch dimensions"),
    "C11": ("gradient_penalty", "norm_dim1", "c11", "non-batch dimensions"),
}



@pytest.fixture(scope="module")
def graded():
    keys = sorted({(ex, slug) for ex, slug, _, _ in CASES.values()})
    variants = {key: catalogue.find("ch3_gan", key[0], "mistake", key[1]) for key in keys}
    reports = grade_entries(list(variants.values()))
    by_key = dict(zip(variants, zip(variants.values(), reports)))
    return {case: by_key[(ex, slug)] for case, (ex, slug, _, _) in CASES.items()}


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
def test_case_c09_double_sigmoid_loses_points(graded):
    _check(graded, "C09")


@pytest.mark.slow
def test_case_c10_norm_over_dim1_loses_points(graded):
    _check(graded, "C10")


@pytest.mark.slow
def test_case_c11_norm_over_dim1_loses_points(graded):
    _check(graded, "C11")
