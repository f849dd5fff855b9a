"""Chapter 5 pitfalls named in the issue, graded through the real engine.

No reported case of ../shared/cases/README.md belongs to ch5_applications; these tests
play the same role for the pitfalls the chapter's issue names (mask polarity, exclusive
transmittance, ray-direction norm, strength truncation, the log-scale temperature):
a submission with the mistake loses the points of its exercise only, with a message
that names the mistake, and a valid alternative keeps full marks.
"""
from __future__ import annotations

import pytest

from autograder import catalogue
from autograder.validity import grade_entries, judge

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

ENTRIES = {
    # key: (exercise, kind, slug, text the feedback must contain; None for valid variants)
    "mask_polarity": ("inpaint_blend", "mistake", "mask_inverted", "mask == 1 marks the region to GENERATE"),
    "inclusive_transmittance": ("nerf_rendering", "mistake", "inclusive_transmittance", "transmittance is EXCLUSIVE"),
    "direction_norm": ("nerf_rendering", "mistake", "ignores_direction_norm", "by ||d||"),
    "strength_rounding": ("img2img", "mistake", "round_instead_of_int", "which truncates"),
    "logit_scale_exp": ("clip_loss", "mistake", "no_exp", "multiply by exp(logit_scale)"),
    "nerf_original_code": ("nerf_rendering", "valid", "cumprod_original", None),
}



@pytest.fixture(scope="module")
def graded():
    variants = {key: catalogue.find("ch5_applications", *spec[:3]) for key, spec in ENTRIES.items()}
    reports = grade_entries(list(variants.values()))
    return {key: (variants[key], report) for key, report in zip(variants, reports)}


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_pitfall_graded_through_engine(graded, key):
    variant, report = graded[key]
    verdict = judge(variant, report)
    assert verdict.ok, verdict.detail
    exercise = report.exercise(variant.exercise)
    expected_text = ENTRIES[key][3]
    if expected_text is None:
        assert exercise.score == exercise.max_score
        return
    assert exercise.score < exercise.max_score
    messages = " ".join(t.message.en for t in exercise.tests if t.message is not None)
    assert expected_text in messages, messages
