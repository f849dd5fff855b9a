"""The hidden suites grade right: catalogued mistakes lose exactly their exercise's points
(with a message), valid variants get full marks — graded through the real batch path.

The default run covers every exercise of every chapter with one mistake and one valid
variant (plus every entry named after a reported case); ``make test-all`` runs the full
sweep (marked slow).  A failure names the exercise, the entry and the points received.
"""
from __future__ import annotations

import re

import pytest

from autograder import catalogue
from autograder.notebook import known_assignments
from autograder.validity import check_entries

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

ALL = [v for a in known_assignments() for v in catalogue.load(a)]


def _subset() -> list:
    chosen, seen = [], set()
    for v in ALL:
        key = (v.assignment, v.exercise, v.kind)
        if key not in seen or re.search(r"c\d\d", v.slug):
            chosen.append(v)
            seen.add(key)
    return chosen


SUBSET = _subset()
REST = [v for v in ALL if v not in SUBSET]


@pytest.fixture(scope="module")
def subset_verdicts():
    return {v.variant.id: v for v in check_entries(SUBSET, workers=0)}


@pytest.fixture(scope="module")
def rest_verdicts():
    return {v.variant.id: v for v in check_entries(REST, workers=0)}


@pytest.mark.parametrize("entry", SUBSET, ids=[v.id for v in SUBSET])
def test_catalogue_entry(entry, subset_verdicts):
    verdict = subset_verdicts[entry.id]
    assert verdict.ok, f"{entry.id}: {verdict.detail} (exercise {entry.exercise}: {verdict.score:g}/{verdict.max_score:g})"


@pytest.mark.slow
@pytest.mark.parametrize("entry", REST, ids=[v.id for v in REST])
def test_catalogue_entry_full_sweep(entry, rest_verdicts):
    verdict = rest_verdicts[entry.id]
    assert verdict.ok, f"{entry.id}: {verdict.detail} (exercise {entry.exercise}: {verdict.score:g}/{verdict.max_score:g})"
