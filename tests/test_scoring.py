"""One scoring module (issue 16.2): every point is decided in autograder.scoring, and a test credited
by error carried forward is *excused*, with the reason shown to the student, not silently passed."""
from __future__ import annotations

import json

import pytest

from autograder import scoring
from autograder.catalogue import reference_source
from autograder.results import CaseResult, ExerciseScore, GradeReport, report_from_dict
from autograder.runconfig import RunConfig
from conftest import run_cells


def test_points_are_all_or_nothing_and_only_credited_outcomes_earn_them():
    assert scoring.test_points("passed", 2) == 2.0
    assert scoring.test_points("excused", 1.5) == 1.5
    assert scoring.test_points("failed", 2) == 0.0
    assert scoring.test_points("error", 2) == 0.0
    with pytest.raises(ValueError, match="unknown test outcome"):
        scoring.test_points("skipped", 1)


def test_an_exercise_sums_its_tests_capped_and_rounded():
    assert scoring.exercise_score([0.1] * 3, 5) == 0.3  # 0.30000000000000004 unrounded
    assert scoring.exercise_score([2, 2, 2], 5) == 5.0
    assert scoring.exercise_score([], 3) == 0.0
    assert scoring.total([0.1, 0.2]) == 0.3


def _excused_case() -> CaseResult:
    from autograder.plugin import excused_message

    return CaseResult("test_x", "negative_elbo", 1.0, 1.0, "excused", excused_message(["negative ELBO"]))


def test_an_excused_test_is_credited_everywhere_and_says_why():
    from autograder.feedback import render_html

    case = _excused_case()
    assert case.credited
    ex = ExerciseScore("negative_elbo", 1.0, 1.0, (case,))
    report = GradeReport("ch2_vae", "vae.ipynb", exercises=(ex,))
    gs = report.gradescope("en")["tests"][0]
    assert gs["status"] == "passed" and gs["score"] == 1.0  # Gradescope knows passed and failed only
    assert "carried forward" in gs["output"]
    assert report_from_dict(json.loads(json.dumps(report.to_dict()))).exercises[0].tests[0].status == "excused"
    page = render_html(report, "ja")
    assert "繰り越しで加点" in page and "誤差の繰り越し" in page


WRONG_KL = ("def gaussian_kl(mu, logvar):\n"  # a formula mistake: a mean over the latent axis, not a sum
            "    return -0.5 * (1 + logvar - mu ** 2 - logvar.exp()).mean(dim=-1)\n")


def test_a_dependent_credited_from_the_students_own_upstream_is_excused():
    """negative_elbo accepts the ELBO built from the student's own (wrong) KL: before, those tests were
    'passed' with no word of it, and the student could not tell a right ELBO from a carried one."""
    sources = {0: "import math\nimport torch\nimport torch.nn.functional as F\n",
               1: reference_source("ch2_vae", ["bernoulli_recon_loss", "negative_elbo"]), 2: WRONG_KL}
    outcomes = run_cells(sources, "ch2_vae", ["gaussian_kl or negative_elbo"])
    kl = [o for o in outcomes if o.grade_id == "gaussian_kl"]
    elbo = [o for o in outcomes if o.grade_id == "negative_elbo"]
    assert kl and not all(o.credited for o in kl)
    excused = [o for o in elbo if o.status == "excused"]
    assert excused, [(o.name, o.status) for o in elbo]
    assert all(o.score == o.max_score for o in excused)
    assert all("Credited by error carried forward" in o.message.en for o in excused)
    # the message names the exercise the credit comes from (a fresh user's request)
    assert all("your own functions of `gaussian_kl`" in o.message.en for o in excused), excused[0].message.en


def test_the_terminal_table_explains_its_excused_mark(capsys):
    from autograder.tables import print_report

    ex = ExerciseScore("negative_elbo", 1.0, 1.0, (_excused_case(),))
    print_report(GradeReport("ch2_vae", "vae.ipynb", exercises=(ex,)), "en")
    out = capsys.readouterr().out
    assert "↪" in out and "credited by error carried forward" in out


def test_a_suite_bug_is_a_grader_error_not_the_students(tmp_path):
    """A SuiteError raised in a hidden test (here: serving a reference without declaring it) is ours:
    run_suite reports it as a suite error, so the engine makes the submission a grader_error, and the
    test says 'Not graded', never 'could not evaluate your output'."""
    from types import SimpleNamespace

    import pytest as _pytest

    from autograder.plugin import GraderPlugin

    (tmp_path / "test_bug.py").write_text(
        "import pytest\n"
        "from autograder.messages import SuiteError\n"
        "pytestmark = pytest.mark.grade_id('x')\n"
        "@pytest.mark.points(1)\n"
        "def test_bug():\n"
        "    raise SuiteError('a bug of ours')\n")
    plugin = GraderPlugin(SimpleNamespace(sources={}, served_notes={}))
    _pytest.main([str(tmp_path), "-p", "no:terminal", "-p", "no:cacheprovider", "--rootdir", str(tmp_path)],
                 plugins=[plugin])
    assert any("a bug of ours" in e for e in plugin.collect_errors), plugin.collect_errors
    (case,) = plugin.outcomes
    assert case.kind == "grader_error" and case.score == 0 and "Not graded" in case.message.en


PHASED_KL = ('import sys as _sys\n_PHASE = {"late": False}\n'
             "def gaussian_kl(mu, logvar):\n"
             '    if _PHASE["late"]:  # after its own tests: the (wrong) KL that negative_elbo uses\n'
             "        return -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)\n"
             "    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)\n")
SWITCH = ("    if not _sys._getframe(1).f_code.co_filename.startswith('<cell'):  # called by the grader\n"
          "        if '_PHASE' in globals(): _PHASE['late'] = True\n")
WRONG_ELBO = ("def negative_elbo(logits, x, mu, logvar, beta=1.0):\n"
              "    recon = bernoulli_recon_loss(logits, x)\n"
              "    kl = -0.5 * torch.mean(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)  # wrong: a mean\n"
              "    return (recon + beta * kl).mean()\n")


def test_an_upstream_that_changes_once_graded_carries_nothing_forward(tmp_path):
    """Found by a fresh attacker (2026-12-04): gaussian_kl right in its own tests, then (switched by the
    reconstruction tests' first call) the same mean-over-latents KL as a wrong negative_elbo, which was
    then credited as carried forward: 29/29 instead of 25/29. A value is carried forward only from an
    exercise that lost points; this one passed all its tests, so nothing is carried."""
    import nbformat

    from autograder.engine import grade_path
    from conftest import REPO, make_notebook

    src = nbformat.read(REPO / "source/ch2_vae/vae.ipynb", as_version=4)
    recon = next(c.source for c in src.cells
                 if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "reconstruction_loss_code")
    recon = "import sys as _sys\n" + recon.replace("    ### BEGIN SOLUTION\n", "    ### BEGIN SOLUTION\n" + SWITCH, 1)
    nb = make_notebook(tmp_path, {"gaussian_kl_code": PHASED_KL, "reconstruction_loss_code": recon,
                                  "negative_elbo_code": WRONG_ELBO})
    report = grade_path(nb, RunConfig(isolation="basic", lang="en"), assignment="ch2_vae")
    kl, elbo = report.exercise("gaussian_kl"), report.exercise("negative_elbo")
    assert kl.score == kl.max_score  # the switch happened after gaussian_kl's own tests
    assert elbo.score == 0, [(t.name, t.status, t.message.en if t.message else "") for t in elbo.tests]
    assert all(t.kind == "carried" for t in elbo.tests if "behave differently" in (t.message.en if t.message else ""))
    assert any("behave differently here than when they were graded" in t.message.en for t in elbo.tests if t.message)
