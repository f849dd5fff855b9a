"""Reported cases C04-C07 (../shared/cases/README.md), part (b): a submission with the described
mistake, graded through the real engine, loses the points of that exercise only, with a message
that points at the mistake.  Part (a) (the reference values) is in test_solutions_ch4_diffusion.py."""
from __future__ import annotations

import pytest

from autograder import catalogue
from autograder.validity import grade_entries, judge

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

CASES = {
    # case id: (exercise, mistake slug, text the feedback must contain)
    "C04_C05": ("ddim_step", "prev_t_minus_T_over_n", "not 999 - 1000 // 13 = 923"),
    "C06": ("posterior", "beta_of_single_step", "effective beta 1 - abar[t] / abar[t_prev]"),
    "C07": ("beta_schedule", "cosine_no_cap", "do not forget the cap"),
}



@pytest.fixture(scope="module")
def graded():
    variants = {case: catalogue.find("ch4_diffusion", ex, "mistake", slug) for case, (ex, slug, _) in CASES.items()}
    reports = grade_entries(list(variants.values()))
    return {case: (variants[case], report) for case, report in zip(variants, reports)}


def _check(graded, case):
    variant, report = graded[case]
    verdict = judge(variant, report)
    assert verdict.ok, verdict.detail
    exercise = report.exercise(variant.exercise)
    assert exercise.score < exercise.max_score
    messages = " ".join(t.message.en for t in exercise.tests if t.message is not None)
    assert CASES[case][2] in messages, messages


@pytest.mark.slow
def test_case_c04_c05_ddim_previous_timestep_t_minus_T_over_n_loses_points(graded):
    _check(graded, "C04_C05")


@pytest.mark.slow
def test_case_c06_single_step_beta_with_skipped_steps_loses_points(graded):
    _check(graded, "C06")


@pytest.mark.slow
def test_case_c07_uncapped_cosine_schedule_loses_points(graded):
    _check(graded, "C07")
