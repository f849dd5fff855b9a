"""Grade one notebook: the stages in order.

1. :func:`autograder.notebook.load_submission` (validate, restore locked cells);
2. :class:`autograder.proxy.Session` starts the worker and runs the cells;
3. the hidden suite ``autograder/suites/<assignment>/`` runs under pytest in this
   (trusted) process with :class:`autograder.plugin.GraderPlugin`;
4. outcomes are folded into a :class:`autograder.results.GradeReport`.

Every failure of a stage becomes a message in the report, never an exception
out of :func:`grade_path`.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import os
import time
import traceback
from pathlib import Path
from typing import Optional

from . import scoring
from .diagnosis import CallLog
from .messages import msg
from .notebook import REPO_ROOT, SKIP_TAG, NotebookError, Submission, load_submission
from .plugin import GraderPlugin
from .proxy import Session
from .results import CaseResult, CellOutput, ExerciseScore, GradeReport, saved_figures
from .runconfig import RunConfig
from .sandbox import course_paths

SUITES = Path(__file__).resolve().parent / "suites"


def run_suite(session: Session, assignment: str, *, device: str, lang: str,
              select: Optional[list[str]] = None) -> tuple[list[CaseResult], list[str]]:
    """Run the hidden suite of ``assignment`` against ``session``; (outcomes, collection errors)."""
    import pytest

    suite = SUITES / assignment
    plugin = GraderPlugin(session, device=device, lang=lang)
    args = [str(suite), "-c", str(SUITES / "pytest.ini"), "--rootdir", str(suite), "-p", "no:terminal",
            "-o", f"timeout={session.limits.test_seconds:g}",
            "-p", "no:randomly", "-W", "ignore::pytest.PytestAssertRewriteWarning",
            # pytest's unraisable-exception report calls gc.collect() five times at the end of every
            # run (~0.35 s per submission with torch loaded) to report warnings nobody reads here
            "-p", "no:unraisableexception"]
    if select:
        args += ["-k", " or ".join(select)]
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        code = pytest.main(args, plugins=[plugin])
    errors = list(plugin.collect_errors)
    if int(code) in (2, 3, 4):  # interrupted, internal error, usage error
        errors.append(f"pytest exited with {int(code)}: {sink.getvalue()[-2000:]}")
    return plugin.outcomes, errors


def fold(submission: Submission, outcomes: list[CaseResult]) -> tuple[ExerciseScore, ...]:
    """Sum test points per grade cell; an exercise without tests is reported, scored 0."""
    out = []
    for ex in submission.exercises:
        tests = tuple(t for t in outcomes if t.grade_id == ex.grade_id)
        out.append(ExerciseScore(ex.grade_id, scoring.exercise_score((t.score for t in tests), ex.max_score),
                                 ex.max_score, tests))
    return tuple(out)


def cell_numbers(submission: Submission) -> dict[int, int]:
    """Cell index -> the number JupyterLab shows for it after Restart & Run All (the position among
    code cells, 1-based).  The worker compiles each cell as ``<cell [number]>``, so every traceback a
    student reads (cells and calls alike) names the cell as they see it."""
    numbers, n = {}, 0
    for i, c in enumerate(submission.nb.cells):
        if c.get("cell_type") == "code":
            n += 1
            numbers[i] = n
    return numbers


def _cell_output(submission: Submission, run, numbers: dict[int, int]) -> CellOutput:
    """A worker's cell run with its JupyterLab number and its first line."""
    cells = submission.nb.cells
    source = cells[run.index].get("source", "") if run.index < len(cells) else ""
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return CellOutput(run.index, run.status, run.stdout, run.stderr, run.error, numbers.get(run.index, 0), first)


def _point_to_failed_cells(outcomes: list, submission: Submission, cells: tuple) -> list:
    """A test that found a name missing says which cell should have defined it, when that cell failed
    to run ("'VAE' is not defined: its cell [12] `class VAE(nn.Module):` failed: SyntaxError ...")."""
    defined_in: dict[str, CellOutput] = {}
    for c in cells:
        if c.status != "ok":
            for name in re.findall(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)|^(\w+)\s*=",
                                   submission.run_cells.get(c.index, ""), flags=re.M):
                defined_in.setdefault(name[0] or name[1], c)
    out = []
    for t in outcomes:
        cell = defined_in.get((t.detail or {}).get("name", "")) if t.kind == "missing" else None
        if cell is not None and t.message is not None:
            t = dataclasses.replace(t, message=t.message + msg(
                f"Its cell did not run: {cell.headline('en')} (fix that cell first).",
                f"定義するはずのセルが実行できていません: {cell.headline('ja')}（先にそのセルを直してください）。"))
        out.append(t)
    return out


def grade_submission(submission: Submission, config: RunConfig, *, student: str = "",
                     hidden: tuple = ()) -> GradeReport:
    """Grade a prepared submission with the resolved ``config``; never raises for problems of the
    submission, and reports a failure of ours (the sandbox, the suite) as ``grader_error``.

    ``hidden``: host folders of this submission the strict sandbox must cover (its folder, the course)."""
    start = time.monotonic()
    device, isolation, lang = config.device, config.isolation, config.lang
    numbers = cell_numbers(submission)
    session = Session(submission.run_cells, config, assignment=submission.assignment, call_log=CallLog(submission.assignment),
                      hidden=tuple(hidden), cell_numbers=numbers)
    grader_error = None
    status = "graded"
    outcomes: list[CaseResult] = []
    starter = None
    try:
        starter = session.start_in_background()  # the worker boots while pytest imports the suite
        outcomes, errors = run_suite(session, submission.assignment, device=device, lang=lang)
        infra = getattr(session, "infra_error", None)
        if infra:  # the sandbox could not start a worker: no test result stands, nothing is the student's
            status = "grader_error"
            grader_error = msg(f"The grading sandbox failed (not your code; the instructor must regrade): {infra}",
                               f"採点用サンドボックスが失敗しました（あなたのコードの問題ではありません。教員が再採点します）: {infra}")
            not_graded = msg("Not graded: the grading sandbox failed (not your code).",
                             "採点されていません: 採点用サンドボックスが失敗しました（あなたのコードの問題ではありません）。")
            outcomes = [dataclasses.replace(t, score=0.0, status="error", message=not_graded, kind="grader_error",
                                            detail=None) for t in outcomes]
        elif errors:
            status = "grader_error"
            grader_error = msg("The hidden suite had errors (reported to the instructor): " + "; ".join(errors)[:3000],
                               "隠しテストにエラーがありました（教員に報告されます）: " + "; ".join(errors)[:3000])
    except Exception as exc:  # noqa: BLE001 - the grader itself failed: report, do not crash the batch
        status = "grader_error"
        grader_error = msg(f"Internal grader error: {type(exc).__name__}: {exc}\n{traceback.format_exc()[-2000:]}",
                           f"採点システムの内部エラー: {type(exc).__name__}: {exc}")
    finally:
        if starter is not None:
            starter.join()  # cell outputs are reported even if no test ran
        session.close()
    cells = tuple(_cell_output(submission, r, numbers) for _, r in sorted(session.cell_runs.items()))
    problems = list(submission.problems)
    if session.budget_exhausted:
        problems.append(session.budget_error().message)
    for r in cells:
        if r.status in ("timeout", "crashed"):
            problems.append(msg(f"{r.headline('en')}; it was skipped and the rest was graded.",
                                f"{r.headline('ja')}。このセルを飛ばして採点しました。"))
    outcomes = _point_to_failed_cells(outcomes, submission, cells)
    figures = saved_figures(submission.nb, lambda c: SKIP_TAG in (c.get("metadata", {}).get("tags") or []))
    return GradeReport(submission.assignment, submission.name, student, fold(submission, outcomes), tuple(problems),
                       cells, time.monotonic() - start, device, isolation, grader_error, status, figures)


def zero_exercises(assignment: Optional[str], root: Path = REPO_ROOT) -> tuple[ExerciseScore, ...]:
    """Every exercise of ``assignment`` at 0 (for a notebook that cannot be graded)."""
    if not assignment:
        return ()
    try:
        from .notebook import read_notebook, release_notebook

        rel, _ = read_notebook(release_notebook(assignment, root=root))
    except Exception:  # noqa: BLE001
        return ()
    out = []
    for c in rel.cells:
        meta = c.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            out.append(ExerciseScore(meta["grade_id"], 0.0, float(meta.get("points", 0))))
    return tuple(out)


def grade_path(path: Path, config: Optional[RunConfig] = None, *, assignment: Optional[str] = None,
               student: str = "", root: Path = REPO_ROOT) -> GradeReport:
    """Grade the notebook at ``path``: a report in every case (zero score with the reason
    when the file cannot be graded).

    ``config``: the resolved run configuration; None resolves the defaults here
    (:meth:`RunConfig.resolve`: device auto, strict isolation), which raises
    :class:`~autograder.runconfig.ConfigError` when they cannot be met."""
    config = RunConfig.resolve() if config is None else config
    device, isolation = config.device, config.isolation
    start = time.monotonic()
    try:
        submission = load_submission(Path(path), assignment, root)
    except NotebookError as exc:
        if assignment is None:  # the file is unreadable: the folder may still name the assignment
            from .notebook import known_assignments

            known = known_assignments(root)
            assignment = next((part for part in reversed(Path(path).resolve().parts[:-1]) if part in known), None)
        return GradeReport(assignment or "?", Path(path).name, student, zero_exercises(assignment, root), (), (),
                           time.monotonic() - start, device, isolation, exc.message, "invalid_notebook")
    return grade_submission(submission, config, student=student, hidden=course_paths(Path(path)))
