"""Hidden inputs that a cheat cannot learn and replay (score integrity).

A served reference (error carried forward) answers the student's code on inputs it chooses. Two
things keep it from ever being an oracle for its exercise's own tests:

- every test of a served exercise runs before any test that may serve its reference
  (``@pytest.mark.upstream``, :func:`autograder.plugin.upstream_order`), so answers asked for in a
  dependent test arrive after those tests are graded, and the refusals know all their inputs;
- the random inputs of every test are salted by the submission (:func:`autograder.plugin.submission_salt`),
  so hidden inputs learnt in one submission (and answers asked for on them, however disguised) are
  not the next submission's.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import torch

from conftest import run_cells

from autograder.plugin import GraderPlugin, grade_id_of, seed_for, submission_salt, upstream_order, upstreams_of

SUITES = Path(__file__).resolve().parents[1] / "autograder" / "suites"
ASSIGNMENTS = sorted(p.name for p in SUITES.iterdir() if p.is_dir() and p.name.startswith("ch"))


class _Item:
    def __init__(self, nodeid, gid, upstream=None):
        self.nodeid, self.gid, self.up = nodeid, gid, upstream or {}

    def get_closest_marker(self, name):
        if name == "grade_id":
            return SimpleNamespace(args=(self.gid,), kwargs={})
        if name == "upstream" and self.up:
            return SimpleNamespace(args=(), kwargs=self.up)
        return None


def test_upstream_order_puts_a_served_exercise_first_and_keeps_the_rest_in_order():
    items = [_Item("a1", "em_step", {"f": "logp"}), _Item("b1", "other"), _Item("c1", "loop", {"g": "em_step"}),
             _Item("l1", "logp"), _Item("a2", "em_step", {"f": "logp"}), _Item("l2", "logp")]
    order = [i.nodeid for i in upstream_order(items)]
    assert order == ["l1", "l2", "a1", "b1", "a2", "c1"]


def test_upstream_markers_in_a_cycle_are_a_suite_error():
    items = [_Item("a", "x", {"f": "y"}), _Item("b", "y", {"g": "x"})]
    with pytest.raises(ValueError, match="cycle"):
        upstream_order(items)


def _collected(assignment: str) -> list:
    import pytest as _pytest

    grabbed = []

    class Grab:
        def pytest_collection_finish(self, session):
            grabbed.extend(session.items)

    suite = SUITES / assignment
    session = SimpleNamespace(sources={})
    code = _pytest.main([str(suite), "-c", str(SUITES / "pytest.ini"), "--rootdir", str(suite), "--collect-only",
                         "-p", "no:terminal", "-p", "no:randomly"],
                        plugins=[GraderPlugin(session), Grab()])
    assert int(code) == 0
    return grabbed


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_served_exercise_is_graded_before_its_dependents_on_salted_inputs(assignment):
    items = _collected(assignment)
    served = {gid for it in items for gid in upstreams_of(it).values()}
    position = {it.nodeid: i for i, it in enumerate(items)}
    for it in items:
        for gid in set(upstreams_of(it).values()):
            earlier = [o for o in items if grade_id_of(o) == gid]
            assert earlier, f"{it.nodeid}: upstream {gid!r} has no tests"
            assert all(position[o.nodeid] < position[it.nodeid] for o in earlier), (it.nodeid, gid)
    # a served exercise's tests draw salted inputs: none is fixed across submissions
    fixed = [it.nodeid for it in items if grade_id_of(it) in served and "gen" not in it.fixturenames]
    assert not fixed, f"a served exercise's tests without salted inputs (gen): {fixed}"


def test_the_salt_is_the_notebook_and_only_the_notebook():
    a = {0: "import torch", 1: "def f(x):\n    return x\n"}
    assert submission_salt(a) == submission_salt(dict(a))
    assert submission_salt(a) != submission_salt({**a, 1: a[1] + "# a comment\n"})
    assert submission_salt(a) != submission_salt({0: a[1], 1: a[0]})
    assert seed_for("test_x.py::test_y", submission_salt(a)) != seed_for("test_x.py::test_y", "")


LEAK = ("import torch\n"
        "def gaussian_kl(mu, logvar):\n"
        "    raise ValueError('inputs ' + repr([round(v, 6) for v in mu.flatten().tolist()[:4]]))\n")


def _leaked(sources: dict) -> list[str]:
    outcomes = run_cells(sources, "ch2_vae", ["(gaussian_kl and matches_reference_float64)"])
    assert outcomes
    return [o.message.en for o in outcomes]


def test_hidden_inputs_are_the_same_for_a_notebook_and_differ_for_another():
    """What a student's function learns about its hidden inputs (here: it prints them in its error)
    is the same on a regrade of the same notebook, and useless for the next submission."""
    first = _leaked({0: LEAK})
    assert any("inputs [" in m for m in first), first
    assert _leaked({0: LEAK}) == first
    assert _leaked({0: LEAK + "# resubmitted\n"}) != first


def test_a_dependent_test_runs_after_the_tests_of_the_exercise_it_may_serve():
    """ch1's EM step (file test_em_step.py) may serve the reference log-density; it was collected
    before test_gaussian_log_prob.py, so a served answer could be stored and returned in the
    log-density's own tests later in the same submission."""
    outcomes = run_cells({0: "import torch\n"}, "ch1_fundamentals", ["em_step or gaussian_log_prob"])
    gids = [o.grade_id for o in outcomes]
    assert "em_step" in gids and "gaussian_log_prob" in gids
    assert max(i for i, g in enumerate(gids) if g == "gaussian_log_prob") < gids.index("em_step")
