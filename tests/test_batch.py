"""Batches: resumable and lossless (kill graders, kill the batch, rerun), outputs, gradebook.

The slow tests grade real ch2_vae notebooks (the source = full marks, the
release = stubs, one small mistake) through the real CLI and pool.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest

from autograder.batch import GRADE_KEY, GradeTask, grade_key, grade_tasks, load_result, make_tasks, split_finished
from autograder.results import ExerciseScore, GradeReport, write_json
from autograder.runconfig import RunConfig
from autograder.sandbox import Limits

BASIC_EN = RunConfig(isolation="basic", lang="en")
BASIC_CLI = RunConfig(isolation="basic", lang="ja")  # what `autograder batch --isolation basic` resolves here

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source" / "ch2_vae" / "vae.ipynb"
RELEASE = ROOT / "release" / "ch2_vae" / "vae.ipynb"
EXPECTED = {"correct": 29.0, "stub": 0.0, "klsign": 25.0}  # a negative KL: gaussian_kl 0/4


def _klsign_notebook():
    nb = nbformat.read(SOURCE, as_version=4)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "gaussian_kl_code":
            assert "return -0.5 * torch.sum(" in cell.source
            cell.source = cell.source.replace("return -0.5 * torch.sum(", "return 0.5 * torch.sum(", 1)
    return nb


def _course(tmp: Path, kinds: list[str]) -> Path:
    """A course folder with submitted/<student>/ch2_vae/vae.ipynb (no nbgrader needed)."""
    for k, kind in enumerate(kinds):
        d = tmp / "submitted" / f"s{k:02d}_{kind}" / "ch2_vae"
        d.mkdir(parents=True)
        if kind == "correct":
            shutil.copy(SOURCE, d / "vae.ipynb")
        elif kind == "stub":
            shutil.copy(RELEASE, d / "vae.ipynb")
        else:
            nbformat.write(_klsign_notebook(), d / "vae.ipynb")
    return tmp


def _expected(student: str) -> float:
    return EXPECTED[student.split("_", 1)[1]]


def _cli(*args, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "autograder.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


# ----------------------------------------------------------------------------------------------
# fast
# ----------------------------------------------------------------------------------------------
def test_finished_results_are_not_graded_again(tmp_path):
    course = _course(tmp_path, ["stub", "stub"])
    tasks = make_tasks(course, "ch2_vae", tmp_path / "out", BASIC_EN)
    assert [Path(t.path).parent.parent.name for t in tasks] == ["s00_stub", "s01_stub"]
    for t in tasks:  # pretend both were graded earlier, from these very notebooks and this suite
        write_json(Path(t.result_path), {**GradeReport("ch2_vae", "vae.ipynb", t.student,
                                                       (ExerciseScore("gaussian_kl", 1.0, 4.0),)).to_dict(),
                                         GRADE_KEY: grade_key(t)})
    seen = []
    reports = grade_tasks(tasks, workers=2, on_done=lambda t, r: seen.append(t.student))
    assert [r.score for r in reports] == [1.0, 1.0] and sorted(seen) == ["s00_stub", "s01_stub"]
    done, todo = split_finished(tasks, force=True)
    assert done == {} and todo == [0, 1]


def test_a_resubmission_is_never_kept_at_its_old_grade(tmp_path):
    """A changed notebook is regraded without --force; an unchanged one is kept; the summary says so."""
    course = _course(tmp_path, ["klsign", "stub"])
    out = tmp_path / "out"
    args = ["batch", "ch2_vae", "--course", str(course), "--out", str(out), "--isolation", "basic",
            "--workers", "2", "--no-gradebook"]
    first = _cli(*args)
    text, _ = first.communicate(timeout=900)
    assert first.returncode == 0, text[-3000:]
    scores = {t.student: load_result(Path(t.result_path)).score for t in make_tasks(course, "ch2_vae", out, BASIC_CLI)}
    assert scores == {"s00_klsign": 25.0, "s01_stub": 0.0}
    # the student fixes the KL sign and resubmits; the other submission is untouched
    shutil.copy(SOURCE, course / "submitted" / "s00_klsign" / "ch2_vae" / "vae.ipynb")
    second = _cli(*args)
    text, _ = second.communicate(timeout=900)
    assert second.returncode == 0, text[-3000:]
    scores = {t.student: load_result(Path(t.result_path)).score for t in make_tasks(course, "ch2_vae", out, BASIC_CLI)}
    assert scores == {"s00_klsign": 29.0, "s01_stub": 0.0}
    assert "採点 1 件（新規・変更）、変更なしで保持 1 件" in text, text[-2000:]  # the default language, ja
    # the class report (summary.json / summary.html) links each student's feedback page, which exists
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {s["student"]: s["score"] for s in summary["students"]} == {"s00_klsign": 29.0, "s01_stub": 0.0}
    for s in summary["students"]:
        assert (out / s["feedback"]).is_file() and f'href="{s["feedback"]}"' in (out / "summary.html").read_text()
    kl = next(e for e in summary["exercises"] if e["grade_id"] == "gaussian_kl")
    assert kl["not_implemented"] == 1 and "discrimination" in kl
    assert summary["timing"]["peak_worker_rss_mib"] > 0 and summary["timing"]["mean_spawn_s"] > 0
    assert summary["timing"]["graded_now"] == 1  # the kept result's old timing is not counted again
    # a result graded by another isolation level or suite version is not "unchanged" either
    t = make_tasks(course, "ch2_vae", out, BASIC_CLI)[1]
    assert grade_key(t) != grade_key(GradeTask(t.path, t.assignment, t.student, replace(t.config, isolation="strict")))
    assert grade_key(t) != grade_key(GradeTask(t.path, t.assignment, t.student,
                                               replace(t.config, limits=Limits.parse("cell_seconds=5"))))


def test_unreadable_result_means_not_finished(tmp_path):
    f = tmp_path / "r.json"
    f.write_text("{not json", encoding="utf-8")
    assert load_result(f) is None
    t = GradeTask("x.ipynb", "ch2_vae", "s", BASIC_EN, result_path=str(f))
    assert split_finished([t], force=False)[1] == [0]


def test_batch_usage_errors(tmp_path):
    p = _cli("batch", "ch2_vae", "--course", str(tmp_path), "--isolation", "basic")
    out, _ = p.communicate(timeout=120)
    assert p.returncode == 2 and "no submissions found" in out


# ----------------------------------------------------------------------------------------------
# slow: real grading
# ----------------------------------------------------------------------------------------------
def _graders_of(pid: int) -> list:
    """Grader processes of the local pool started by ``pid`` (children of its forkserver)."""
    import psutil

    out = []
    for child in psutil.Process(pid).children(recursive=False):
        try:
            if "forkserver" in " ".join(child.cmdline()):
                out += child.children(recursive=False)
        except psutil.Error:
            pass
    return out


@pytest.mark.slow
def test_killed_grader_process_is_retried(tmp_path):
    """SIGKILL a grader process mid-submission: that submission is graded again, nothing lost or doubled."""
    import psutil

    course = _course(tmp_path, ["stub", "correct", "stub", "klsign"])
    tasks = make_tasks(course, "ch2_vae", tmp_path / "out", BASIC_EN)
    killed = []

    def killer():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            for g in _graders_of(os.getpid()):
                try:  # grading has started once the grader has a zygote and a student worker
                    if len(g.children(recursive=True)) >= 2:
                        g.kill()
                        killed.append(g.pid)
                        return
                except psutil.Error:
                    pass
            time.sleep(0.2)

    th = threading.Thread(target=killer, daemon=True)
    th.start()
    reports = grade_tasks(tasks, workers=2)
    th.join(5)
    assert killed, "the test did not manage to kill a grader process"
    assert [r.score for r in reports] == [_expected(t.student) for t in tasks]
    assert all(r.grader_error is None for r in reports)
    files = sorted(p.name for p in (tmp_path / "out").rglob("*.report.json"))
    assert len(files) == len(tasks)


@pytest.mark.slow
def test_killed_batch_then_rerun_gives_each_grade_once(tmp_path):
    """SIGKILL `autograder batch` after the first result; the graders exit by themselves; the rerun
    grades only what is missing; final grades equal a clean run's, one row per submission."""
    import psutil

    kinds = ["stub", "klsign", "stub", "correct", "stub"]
    course = _course(tmp_path, kinds)
    out = tmp_path / "out"
    args = ["batch", "ch2_vae", "--course", str(course), "--out", str(out), "--isolation", "basic",
            "--workers", "2", "--device", "cpu", "--lang", "en", "--no-gradebook"]
    p = _cli(*args)
    deadline = time.monotonic() + 400
    while time.monotonic() < deadline and not list(out.rglob("*.report.json")):
        assert p.poll() is None, p.communicate()[0][-3000:]
        time.sleep(0.2)
    procs = [psutil.Process(p.pid)] + psutil.Process(p.pid).children(recursive=True)
    p.kill()  # the batch process only: its graders must notice and stop
    p.communicate()
    first = {f: f.stat().st_mtime_ns for f in out.rglob("*.report.json")}
    assert 1 <= len(first) < len(kinds)
    gone = psutil.wait_procs(procs, timeout=20)[1]
    assert gone == [], f"left behind after the batch was killed: {[q.cmdline()[:3] for q in gone]}"
    p = _cli(*args)
    log, _ = p.communicate(timeout=600)
    assert p.returncode == 0, log[-3000:]
    for f, mtime in first.items():
        assert f.stat().st_mtime_ns == mtime, f"{f} was graded twice"
    rows = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))
    assert sorted(r["student"] for r in rows) == sorted(f"s{k:02d}_{kind}" for k, kind in enumerate(kinds))
    for r in rows:
        assert float(r["score"]) == _expected(r["student"]), r
    for student in (r["student"] for r in rows):
        assert (out / student / "vae.results.json").exists() and (out / student / "vae.html").exists()
        gs = json.loads((out / student / "vae.results.json").read_text(encoding="utf-8"))
        assert gs["score"] == _expected(student)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["submissions"] == len(kinds)
    # --force regrades everything and reaches the same grades
    p = _cli(*args, "--force", "--workers", "1")
    log, _ = p.communicate(timeout=900)
    assert p.returncode == 0, log[-3000:]
    rows2 = list(csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))))
    assert [(r["student"], r["score"]) for r in rows2] == [(r["student"], r["score"]) for r in rows]


@pytest.mark.slow
def test_gradebook_export_sees_batch_grades(tmp_path):
    """`autograder batch` writes the nbgrader gradebook; `nbgrader export` shows the scores."""
    from autograder.release import make_course, run_nbgrader

    course = make_course(tmp_path / "course", ["ch2_vae"])
    run_nbgrader(course, "generate_assignment", "ch2_vae", "--force")
    _course(course, ["stub", "klsign"])
    p = _cli("batch", "ch2_vae", "--course", str(course), "--isolation", "basic", "--workers", "2",
             "--device", "cpu", "--lang", "en")
    log, _ = p.communicate(timeout=600)
    assert p.returncode == 0, log[-3000:]
    assert "gradebook: 2 submissions written" in log
    run_nbgrader(course, "export", "--to", str(course / "grades_export.csv"))
    rows = list(csv.DictReader(io.StringIO((course / "grades_export.csv").read_text(encoding="utf-8"))))
    got = {r["student_id"]: float(r["raw_score"]) for r in rows if r["assignment"] == "ch2_vae"}
    assert got == {"s00_stub": 0.0, "s01_klsign": 25.0}


def test_suite_version_covers_the_public_harness_and_the_suite(tmp_path, monkeypatch):
    """Every file that decides a grade besides the notebook is in the suite version: a change to the
    student package's harness (the ring GAN driver, test critics) regrades, as a change to a suite does."""
    import autograder.batch as batch

    files: list = []
    monkeypatch.setattr(batch, "_SUITE_VERSIONS", {})
    monkeypatch.setattr(batch, "_hash_files", lambda h, paths: files.extend(paths))
    batch.suite_version("ch3_gan")
    names = {str(p.relative_to(ROOT)) for p in files}
    assert "student/genmodels_lab/harness/ch3_gan.py" in names
    assert "student/genmodels_lab/checks.py" in names
    assert "autograder/suites/ch3_gan/test_ring_gan.py" in names and "autograder/engine.py" in names


def test_pool_bounds_each_grading_and_blames_the_grader_not_the_student(tmp_path, monkeypatch):
    """The hang guard is per grading (issue 15.5): a grading past ``grading_seconds()`` is killed and
    retried; twice over, the submission is a grader_error naming our side, never a silent zero."""
    import autograder.batch as batch

    monkeypatch.setattr(batch, "grading_seconds", lambda limits=None: 1.0)  # every real grading takes longer
    tasks = [GradeTask(str(SOURCE), "ch2_vae", f"s{k}", BASIC_EN, str(tmp_path / f"s{k}.json"))
             for k in range(2)]
    reports = grade_tasks(tasks, workers=2, force=True)
    for r in reports:
        assert r.status == "grader_error", r
        assert "did not finish within 1 s" in r.grader_error.en and "not your code" in r.grader_error.en
        assert r.max_score == 29.0  # the row stays in grades.csv and the gradebook, flagged for the instructor


@pytest.mark.parametrize("isolation", ["basic", "strict"])
def test_usage_figures_are_measured_in_every_isolation_mode(isolation):
    """Worker start time, peak worker memory and worker CPU come from the proxy, not from the warm
    zygote's ledger alone: in strict they used to read 0.0 (issue 15.2)."""
    from autograder.batch import TIMING_KEY, grade_data

    if isolation == "strict":
        from autograder.sandbox.strict import StrictUnavailable, check_available
        try:
            check_available()
        except StrictUnavailable as exc:
            pytest.skip(f"strict isolation unavailable: {exc}")
    data = grade_data(GradeTask(str(SOURCE), "ch2_vae", "u", RunConfig(isolation=isolation, lang="en")), html=False)
    assert sum(e["score"] for e in data["exercises"]) == 29.0
    t = data[TIMING_KEY]
    # the worker's CPU includes its replies to calls (the VAE trains in it: well over 0.1 s of CPU)
    assert t["spawns"] >= 1 and t["spawn_s"] > 0 and t["worker_maxrss_kb"] > 50_000 and t["worker_cpu_s"] > 0.1, t
    again = grade_data(GradeTask(str(RELEASE), "ch2_vae", "v", RunConfig(isolation=isolation, lang="en")),
                       html=False)[TIMING_KEY]
    assert 1 <= again["spawns"] <= 2, again  # per grading, not the running total of the process
