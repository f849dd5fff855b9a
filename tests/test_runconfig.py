"""One resolved run configuration (issue 20, item 3): resolved and validated once per entry point,
and an infrastructure failure is never the student's.

- ``RunConfig.resolve`` and ``Limits.parse`` refuse bad values with a message that names them;
- strict isolation that cannot be set up makes every entry point fail at once with exit 1 and the
  reason: ``autograder grade``, ``batch``, ``validity``, ``demo``, ``gradescope run``, the
  nbgrader preprocessor (through a real ``nbgrader autograde``);
- through the Python API, a sandbox that cannot be set up or a worker that dies before it has run
  any student code gives a ``grader_error`` naming our side, never a student's failed test.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from autograder import cli
from autograder.runconfig import ConfigError, IsolationUnavailable, RunConfig
from autograder.sandbox import Limits
from conftest import REPO, make_notebook

SOURCE = REPO / "source" / "ch2_vae" / "vae.ipynb"
REASON = "simulated: bubblewrap is not installed"


# -- values -----------------------------------------------------------------------------------
def test_limits_parse_accepts_names_and_refuses_the_rest():
    lim = Limits.parse("cell_seconds=30, call_seconds=2.5,threads=2")
    assert (lim.cell_seconds, lim.call_seconds, lim.threads) == (30.0, 2.5, 2) and isinstance(lim.threads, int)
    assert Limits.parse("") == Limits()
    for bad, why in (("cell=3", "cell_seconds"), ("cell_seconds", "name=value"), ("cell_seconds=abc", "not a number"),
                     ("cell_seconds=-1", "positive"), ("memory_bytes=10", "at least 1 GiB"),
                     ("open_files=3", "at least 64")):
        with pytest.raises(ValueError, match=why):
            Limits.parse(bad)


def test_resolve_validates_every_value_once():
    c = RunConfig.resolve(device="cpu", isolation="basic", lang="en", limits="cell_seconds=5", hidden=("rel/x",))
    assert (c.device, c.isolation, c.lang, c.limits.cell_seconds, c.settled) == ("cpu", "basic", "en", 5.0, True)
    assert c.hidden == (str(Path("rel/x").resolve()),)
    for kw, why in (({"isolation": "none"}, "isolation"), ({"lang": "fr"}, "language"), ({"device": "tpu"}, "device"),
                    ({"limits": "bogus=1"}, "limits")):
        with pytest.raises(ConfigError, match=why):
            RunConfig.resolve(**{"device": "cpu", "isolation": "basic", **kw})


def test_a_run_for_other_machines_is_settled_there():
    c = RunConfig.resolve(device="auto", isolation="basic", here=False)
    assert c.device == "auto" and not c.settled
    settled = c.settle()
    assert settled.settled and settled.device in ("cpu", "cuda")


def test_every_command_shares_the_defaults():
    """The isolation default is the run configuration's, for every command that grades."""
    parser = cli.build_parser()
    for argv in (["grade", "x.ipynb"], ["batch", "ch2_vae"], ["demo"], ["validity"]):
        args = parser.parse_args(argv)
        assert args.isolation == RunConfig().isolation == "strict", argv
        assert args.device == "auto" and args.limits == "" and args.warm is True, argv


# -- strict unavailable: exit 1 with the reason, at every entry point -------------------------------
@pytest.fixture
def no_strict(monkeypatch):
    """Strict isolation fails its check, as on a machine without bubblewrap."""
    import autograder.sandbox.strict as strict

    def unavailable(probe: bool = True):
        raise strict.StrictUnavailable(REASON)

    monkeypatch.setattr(strict, "check_available", unavailable)
    return unavailable


@pytest.mark.parametrize("argv", [
    ["grade", str(SOURCE)],
    ["batch", "ch2_vae", "--course", "{course}"],
    ["validity", "--assignment", "ch2_vae"],
    ["demo", "--out", "{tmp}/demo"],
])
def test_strict_unavailable_exits_1_with_the_reason_at_every_command(no_strict, tmp_path, capsys, argv):
    course = tmp_path / "course"
    (course / "submitted" / "alice" / "ch2_vae").mkdir(parents=True)
    shutil.copy(SOURCE, course / "submitted" / "alice" / "ch2_vae" / "vae.ipynb")
    argv = [a.format(course=course, tmp=tmp_path) for a in argv]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "--isolation strict is not available here" in err and REASON in err
    assert not (course / "autograder_results").exists() and not (tmp_path / "demo").exists(), "nothing was graded"


def test_strict_unavailable_in_gradescope_scores_nothing_and_says_whose_fault(no_strict, tmp_path):
    from autograder import gradescope

    (tmp_path / "submission").mkdir()
    shutil.copy(SOURCE, tmp_path / "submission" / "vae.ipynb")
    assert gradescope.run(tmp_path, "ch2_vae", lang="en") == 1
    out = json.loads((tmp_path / "results" / "results.json").read_text(encoding="utf-8"))
    assert out["score"] == 0.0 and out["tests"] == [] and "not your code" in out["output"] and REASON in out["output"]


def test_strict_unavailable_in_the_nbgrader_preprocessor_raises_before_grading(no_strict):
    from autograder import nbgrader_plugin

    nbgrader_plugin._RESOLVED.clear()
    try:
        with pytest.raises(IsolationUnavailable, match=REASON):
            nbgrader_plugin.SuiteGrader().preprocess(None, {})
    finally:
        nbgrader_plugin._RESOLVED.clear()


@pytest.mark.timeout(600)
def test_nbgrader_autograde_with_strict_unavailable_exits_1_and_grades_nobody(tmp_path):
    """A real ``nbgrader autograde``: every submission fails at once with the reason, no autograded
    notebook and no grade is written, and nbgrader exits 1 (a rerun grades them all)."""
    from autograder.release import make_course, run_nbgrader

    course = make_course(tmp_path / "course", ["ch2_vae"])
    run_nbgrader(course, "generate_assignment", "ch2_vae", "--force")
    for student in ("alice", "bob"):
        d = course / "submitted" / student / "ch2_vae"
        d.mkdir(parents=True)
        shutil.copy(SOURCE, d / "vae.ipynb")
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as f:  # this machine "has no bubblewrap"
        f.write("\nimport autograder.sandbox.strict as _strict\n"
                "def _unavailable(probe=True):\n"
                f"    raise _strict.StrictUnavailable({REASON!r})\n"
                "_strict.check_available = _unavailable\n")
    proc = run_nbgrader(course, "autograde", "ch2_vae", check=False)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert REASON in proc.stdout + proc.stderr
    assert not list((course / "autograded").rglob("*.ipynb")), "nothing may be autograded"


# -- through the API: a failure of ours is a grader_error -------------------------------------------
def test_api_strict_unavailable_is_a_grader_error_not_the_students(no_strict, tmp_path):
    from autograder.engine import grade_path

    report = grade_path(make_notebook(tmp_path / "s", {}), RunConfig(isolation="strict", lang="en"))
    assert report.status == "grader_error" and "not your code" in report.grader_error.en
    assert REASON in report.grader_error.en
    assert "could not evaluate" not in json.dumps(report.to_dict()), "no test may blame the student"


def test_a_worker_that_dies_before_any_student_code_is_a_grader_error(monkeypatch, tmp_path):
    """Before "ready" the worker has run no student code: its death is ours (a broken install, a
    missing library), never "your code killed the process" after 8 restarts."""
    from autograder.engine import grade_path
    from autograder.sandbox import basic

    monkeypatch.setattr(basic, "runtime_argv", lambda *a: [sys.executable, "-c", "import sys; sys.exit(3)"])
    report = grade_path(make_notebook(tmp_path / "s", {}), RunConfig(isolation="basic", lang="en", warm=False))
    assert report.status == "grader_error", report.status
    assert "not your code" in report.grader_error.en and "exited with code 3" in report.grader_error.en
