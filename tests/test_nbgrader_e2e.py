"""A real nbgrader course in a temporary folder: generate_assignment, autograde with our
SuiteGrader, generate_feedback, export; grades per grade cell equal `autograder batch`.
Cases C12 (a grade cell the suite cannot evaluate gets an explicit 0, not full credit)
and C13 (stderr output from a correct submission does not zero it)."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from autograder.nbgrader_plugin import apply_report
from autograder.release import make_course, run_nbgrader
from autograder.results import GradeReport
from conftest import REPO, make_notebook, run_cli, many_gradings

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

C13_WARNINGS = (
    "import sys, warnings\n"
    "def gaussian_kl(mu, logvar):\n"
    "    warnings.warn('a UserWarning from the student code', UserWarning)\n"
    "    print('debug print to stderr', file=sys.stderr)\n"
    "    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)\n"
    "print('cell-level message on stderr', file=sys.stderr)\n"
)
#: Markup a student can put in markdown and raw cells; each payload records itself in window.__xss
#: and changes the title if it ever runs (issue "no injection into what instructors and students open").
XSS_CELLS = [
    ("markdown", '<img src=x onerror="window.__xss=(window.__xss||[]).concat(1);document.title=\'pwned\'">'),
    ("markdown", "<script>window.__xss=(window.__xss||[]).concat(2);document.title='pwned'</script>"),
    ("markdown", '<svg onload="window.__xss=(window.__xss||[]).concat(3)"></svg> <b onmouseover="x()">hover</b>'),
    ("markdown", '<iframe srcdoc="<script>parent.__xss=(parent.__xss||[]).concat(4)</script>"></iframe>'),
    ("markdown", '<a href="javascript:window.__xss=5">click</a> <div id="xss-marker" style="display:none">m</div>'),
    ("raw", "<script>window.__xss=(window.__xss||[]).concat(6)</script>"),
]
C12_CRASH = (
    "import os\n"
    "def interpolate_latents(z0, z1, num_steps, method='linear'):\n"
    "    os._exit(0)\n"
)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("course")
    course = make_course(tmp / "course", ["ch2_vae"])
    run_nbgrader(course, "generate_assignment", "ch2_vae", "--force")
    subs = {
        "alice": REPO / "source/ch2_vae/vae.ipynb",
        "bob": REPO / "release/ch2_vae/vae.ipynb",
        "carol": make_notebook(tmp / "carol", {"gaussian_kl_code": C13_WARNINGS}),
        "dave": make_notebook(tmp / "dave", {"interpolate_latents_code": C12_CRASH}),
        "eve": _with_xss(tmp / "eve"),
    }
    for student, nb in subs.items():
        d = course / "submitted" / student / "ch2_vae"
        d.mkdir(parents=True)
        shutil.copy(nb, d / "vae.ipynb")
        (d / "timestamp.txt").write_text("2026-11-29 12:00:00.000000 UTC\n")
    proc = run_nbgrader(course, "autograde", "ch2_vae", check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return course


def _with_xss(dest: Path) -> Path:
    """A correct submission with hostile markup in student-added markdown and raw cells."""
    nb = nbformat.read(REPO / "source/ch2_vae/vae.ipynb", as_version=4)
    for kind, text in XSS_CELLS:
        nb.cells.insert(2, nbformat.v4.new_markdown_cell(text) if kind == "markdown" else nbformat.v4.new_raw_cell(
            text, metadata={"format": "text/html"}))
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dest / "vae.ipynb")
    return dest / "vae.ipynb"


def gradebook_scores(course: Path, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook("vae", "ch2_vae", student)
        return {g.name: g.score for g in nb.grades}


def test_correct_full_and_stubs_zero(course):
    alice = gradebook_scores(course, "alice")
    assert alice["vae_module"] == 6 and sum(alice.values()) == 29
    assert sum(gradebook_scores(course, "bob").values()) == 0


def test_case_c13_stderr_does_not_zero_a_correct_answer(course):
    carol = gradebook_scores(course, "carol")
    assert carol["gaussian_kl"] == 4 and sum(carol.values()) == 29
    nb = nbformat.read(course / "autograded/carol/ch2_vae/vae.ipynb", as_version=4)
    kl = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "gaussian_kl_code"][0]
    assert any(o.get("name") == "stderr" for o in kl.outputs), "the student's own stderr output is shown"


def test_case_c12_unevaluable_grade_cell_gets_explicit_zero(course):
    dave = gradebook_scores(course, "dave")
    assert dave["interpolate_latents"] == 0
    assert sum(dave.values()) == 25
    nb = nbformat.read(course / "autograded/dave/ch2_vae/vae.ipynb", as_version=4)
    cell = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "interpolate_latents"][0]
    text = "".join(o.get("text", "") for o in cell.outputs)
    assert "stopped the grading process" in text or "停止させました" in text


def test_case_c12_no_tests_at_all_is_an_error_output_not_full_credit():
    nb = nbformat.read(REPO / "release/ch2_vae/vae.ipynb", as_version=4)
    from autograder.messages import msg
    from nbgrader.utils import determine_grade

    report = GradeReport("ch2_vae", "vae.ipynb", grader_error=msg("suite crashed", "スイートが停止"))
    apply_report(nb, nb, report, "en")
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assert determine_grade(cell)[0] == 0, cell.metadata.nbgrader.grade_id
            assert cell.outputs[-1].output_type == "error"


def test_scores_equal_autograder_batch(course):
    proc = run_cli("batch", "ch2_vae", "--course", str(course), "--isolation", "basic", "--workers", "2",
                   "--device", "cpu")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for student in ("alice", "bob", "carol", "dave", "eve"):
        report = json.loads((course / "autograder_results/ch2_vae" / student / "vae.report.json").read_text())
        ours = {e["grade_id"]: e["score"] for e in report["exercises"]}
        assert ours == gradebook_scores(course, student), student
    rows = list(csv.DictReader((course / "autograder_results/ch2_vae/grades.csv").open()))
    assert {r["student"]: float(r["score"]) for r in rows} == {"alice": 29, "bob": 0, "carol": 29, "dave": 25, "eve": 29}


def test_feedback_and_export(course):
    run_nbgrader(course, "generate_feedback", "ch2_vae")
    html = (course / "feedback/dave/ch2_vae/vae.html").read_text(encoding="utf-8")
    assert "interpolate_latents" in html
    assert "digits データでの学習" in html  # the per-test feedback lines are in the grade cells, as descriptions
    assert "test_trains_on_digits" not in html  # the internal test id is for instructors only
    run_nbgrader(course, "export")
    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader((course / "grades.csv").open())}
    assert rows == {"alice": 29, "bob": 0, "carol": 29, "dave": 25, "eve": 29}


def test_feedback_runs_no_student_script_in_chromium(course):
    """The feedback page of a notebook with hostile markup: no payload runs, the title and DOM are nbgrader's."""
    from test_feedback import _chromium, _open_in_chromium

    if _chromium() is None:
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    run_nbgrader(course, "generate_feedback", "ch2_vae")
    page = course / "feedback/eve/ch2_vae/vae.html"
    import re

    html = page.read_text(encoding="utf-8")
    # the payloads may remain as escaped text, never as markup
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html) and not re.search(r"href=.javascript:", html)
    assert "<script>window" not in html and "<iframe" not in html
    autograded = (course / "autograded/eve/ch2_vae/vae.ipynb").read_text(encoding="utf-8")
    assert "<script>window" not in autograded and not re.search(r"<img[^>]*onerror", autograded)  # formgrader
    info = _open_in_chromium(page, extra="""({xss: window.__xss || null,
        iframes: document.querySelectorAll('iframe').length,
        handlers: Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(
            a => a.name.startsWith('on'))).length,
        jslinks: Array.from(document.links).filter(a => a.href.startsWith('javascript:')).length})""")
    assert info["state"] == "complete", info
    assert info["title"] == "vae" and info["title"] != "pwned", info["title"]
    assert info["extra"] == {"xss": None, "iframes": 0, "handlers": 0, "jslinks": 0}, info["extra"]
