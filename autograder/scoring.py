"""Everything that decides a score, in one pure module (no torch, no I/O).

A hidden test ends with one of four outcomes (:data:`OUTCOMES`):

- ``passed``: every check held; full points.
- ``excused``: full points, with a reason shown to the student, although a check did not hold
  against the reference: the value is what the student's own upstream functions give (error
  carried forward, :meth:`autograder.checks.Check.close_any`), so the mistake costs its own
  exercise only.
- ``failed``: a check did not hold, the student's code raised, or it ran out of time; 0 points.
- ``error``: the test could not evaluate the student's output (an exception the checks did not
  expect); 0 points.

A grader failure is not a test outcome: the whole submission is then a ``grader_error`` and no
test result of it counts (:mod:`autograder.engine`).

Points are all or nothing per test (:func:`test_points`); an exercise scores the sum of its tests,
capped at its ``max_score`` (:func:`exercise_score`); a submission scores the sum of its exercises
(:func:`total`). Sums are rounded to 6 decimals, so that 0.1-point tests add up exactly.
"""
from __future__ import annotations

from typing import Iterable

PASSED, EXCUSED, FAILED, ERROR = "passed", "excused", "failed", "error"
OUTCOMES = (PASSED, EXCUSED, FAILED, ERROR)
#: outcomes that earn the test's points
CREDITED = frozenset({PASSED, EXCUSED})


def credited(status: str) -> bool:
    """Whether a test with this outcome earns its points."""
    return status in CREDITED


def mark(status: str) -> str:
    """The sign every report shows beside a test: ✔ passed, ↪ excused (carried forward), ✘ otherwise."""
    return {PASSED: "✔", EXCUSED: "↪"}.get(status, "✘")


def test_points(status: str, max_points: float) -> float:
    """A test's points: all of ``max_points`` for a credited outcome, else 0.

    Raises:
        ValueError: ``status`` is not one of :data:`OUTCOMES`."""
    if status not in OUTCOMES:
        raise ValueError(f"unknown test outcome {status!r} (one of {', '.join(OUTCOMES)})")
    return float(max_points) if status in CREDITED else 0.0


def exercise_score(test_scores: Iterable[float], max_score: float) -> float:
    """An exercise's score: the sum of its tests' points, at most ``max_score``, rounded to 6 decimals
    (an exercise without tests scores 0)."""
    return round(min(sum(test_scores), float(max_score)), 6)


def total(scores: Iterable[float]) -> float:
    """A submission's score (or maximum): the sum of its exercises', rounded to 6 decimals."""
    return round(sum(scores), 6)
