"""Grade many submissions: parallel, resumable, lossless; one broken submission never stops the batch.

Each submission is an independent :class:`GradeTask`.  Locally, tasks run in a
small pool of grader processes forked from a ``forkserver`` that has already
imported torch, pytest and the engine; each grader process forks every student
worker from its warm template (:mod:`autograder.sandbox.warm`), so a submission pays
neither ``import torch`` nor interpreter start-up, and every student still gets
a fresh, isolated process.  On a Dask cluster the same tasks run as Dask tasks
(:mod:`autograder.distributed`).

Lossless and resumable: the parent process is the only writer of results.  A
submission's files are written atomically when it is finished, its report file
last (the report is the "done" marker).  A rerun skips submissions whose report
exists unless ``force``.  If a grader process dies (killed, out of memory), only
the submission it was grading is retried, in a fresh grader process; a
submission that kills its grader twice gets a zero-score record with the reason.
If the whole batch is killed, grader processes notice and exit, and a rerun
grades exactly the submissions without a report, so every submission appears
once in the final output with the grade it would have had.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import resource
import sys
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from . import i18n
from .messages import msg
from .runconfig import RunConfig
from .results import GradeReport, csv_text, report_from_dict, write_atomic, write_json

#: Times a submission may take down its grader process before it gets a zero with the reason.
MAX_GRADER_DEATHS = 2
#: Seconds a grading may take beyond the submission's own budget before the pool kills its grader.
GRADER_SLACK_SECONDS = 300.0
#: Key of our timing record inside a report file (ignored by :func:`report_from_dict`).
TIMING_KEY = "_timing"
#: Key of the grade key inside a report file: what decided the grade (see :func:`grade_key`).
GRADE_KEY = "_grade_key"
_PACKAGE = Path(__file__).resolve().parent


def _hash_files(h, paths) -> None:
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(_PACKAGE.parent)).encode() + b"\0" + path.read_bytes() + b"\0")


_SUITE_VERSIONS: dict = {}


def suite_version(assignment: Optional[str]) -> str:
    """A hash of everything that decides a grade besides the notebook: the engine (``autograder/*.py``),
    the public harness (the student package ``student/genmodels_lab``, which the worker imports), the hidden suite and catalogue of ``assignment``, its references in
    ``solutions/`` and its released notebook (the locked cells).  Computed once per process."""
    key = assignment or ""
    if key not in _SUITE_VERSIONS:
        import hashlib

        from .notebook import REPO_ROOT

        h = hashlib.sha256()
        _hash_files(h, [p for p in _PACKAGE.rglob("*.py") if p.relative_to(_PACKAGE).parts[0] != "suites"])
        _hash_files(h, (_PACKAGE.parent / "student" / "genmodels_lab").rglob("*.py"))  # the public harness and checks
        if assignment:
            _hash_files(h, (_PACKAGE / "suites" / assignment).rglob("*"))
            _hash_files(h, [_PACKAGE / "suites" / "pytest.ini"])
            for path in [REPO_ROOT / "solutions" / f"{assignment}.py", *sorted((REPO_ROOT / "release" / assignment).glob("*.ipynb"))]:
                if path.is_file():
                    h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        _SUITE_VERSIONS[key] = h.hexdigest()
    return _SUITE_VERSIONS[key]


def grade_key(task: "GradeTask") -> Optional[str]:
    """What decides a task's grade: the notebook's content hash, the suite's version, and the run
    configuration (device, isolation level, feedback language, limits).  None when the notebook
    cannot be read."""
    import hashlib

    try:
        content = Path(task.path).read_bytes()
    except OSError:
        return None
    h = hashlib.sha256(content)
    c = task.config
    h.update(repr((suite_version(task.assignment), c.device, c.isolation, c.lang, c.limits)).encode())
    return h.hexdigest()


@dataclass(frozen=True)
class GradeTask:
    """One submission to grade (plain data, picklable for the local pool and Dask)."""

    path: str
    assignment: Optional[str]
    student: str
    config: RunConfig  # resolved once by the entry point (settled on each Dask worker)
    result_path: Optional[str] = None  # our JSON report, written atomically when done (the "done" marker)
    gradescope_path: Optional[str] = None
    html_path: Optional[str] = None  # HTML feedback page


def preload() -> None:
    """Imports done once (forkserver preload): torch, pytest, the engine, the references."""
    import pytest  # noqa: F401
    import torch  # noqa: F401

    from . import engine  # noqa: F401


def freeze_heap() -> None:
    """Move everything alive now (torch, pytest, the suites: imported once) out of the garbage
    collector's sight: pytest's end-of-session collections then cost a fraction (about 0.5 s of
    CPU per submission here)."""
    import gc

    gc.collect()
    gc.freeze()


def zero_report(task: GradeTask, en: str, ja: str, elapsed: float = 0.0) -> GradeReport:
    try:  # every exercise at 0, so the CSV and the gradebook still have the row
        from .engine import zero_exercises

        exercises = zero_exercises(task.assignment)
    except Exception:  # noqa: BLE001
        exercises = ()
    return GradeReport(task.assignment or "?", Path(task.path).name, task.student, exercises, (), (), elapsed,
                       task.config.device, task.config.isolation, msg(en, ja), "grader_error")


def grade_data(task: GradeTask, *, html: bool = True) -> dict:
    """Grade one task and return its report as plain data (nothing written), with a timing record and,
    when ``html`` and the task asks for a page, the rendered HTML under ``"_html"``."""
    from .engine import grade_path
    from .proxy import take_usage
    from .runconfig import ConfigError

    start = time.monotonic()
    take_usage()  # from here on: this grading's workers only
    try:
        report = grade_path(Path(task.path), task.config.settle(), assignment=task.assignment, student=task.student)
    except ConfigError as exc:  # this machine cannot grade as configured (a Dask worker): ours, not the student's
        report = zero_report(task, f"This grading machine cannot grade as configured (not your code; the "
                                    f"instructor must regrade): {exc}",
                              f"この採点マシンは指定の設定で採点できません（あなたのコードの問題ではありません。"
                              f"教員が再採点します）: {exc}", time.monotonic() - start)
    except BaseException as exc:  # noqa: BLE001 - never lose a submission: zero with the reason
        report = zero_report(task, f"Internal grader error: {type(exc).__name__}: {exc}\n"
                                    f"{traceback.format_exc()[-1500:]}",
                              f"採点システムの内部エラー: {type(exc).__name__}: {exc}", time.monotonic() - start)
    used = take_usage()  # measured in every isolation mode (autograder.proxy)
    data = report.to_dict()
    data[TIMING_KEY] = {
        "wall_s": round(time.monotonic() - start, 4),
        "spawns": used["spawns"],
        "spawn_s": round(used["spawn_s"], 4),
        "worker_cpu_s": round(used["worker_cpu_s"], 4),
        "worker_maxrss_kb": used["worker_maxrss_kb"],
        "grader_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "grader_pid": os.getpid(),
    }
    if html and task.html_path:
        try:
            from .feedback import render_html

            data["_html"] = render_html(report, task.config.lang)
        except Exception as exc:  # noqa: BLE001 - feedback is a bonus; the grade is what matters
            data["_html_error"] = f"{type(exc).__name__}: {exc}"
    return data


def write_outputs(task: GradeTask, data: dict) -> GradeReport:
    """Write a finished task's files (Gradescope JSON, HTML, then the report: the done marker)."""
    data = dict(data)
    page = data.pop("_html", None)
    data.pop("_html_error", None)
    report = report_from_dict(data)
    if task.gradescope_path:
        write_json(Path(task.gradescope_path), report.gradescope(task.config.lang))
    if task.html_path:
        if page is None:
            try:
                from .feedback import render_html

                page = render_html(report, task.config.lang)
            except Exception:  # noqa: BLE001
                page = None
        if page is not None:
            write_atomic(Path(task.html_path), page)
    if task.result_path:
        key = grade_key(task)
        if key is not None:
            data[GRADE_KEY] = key
        write_json(Path(task.result_path), data)
    return report


def grade_task(task: GradeTask) -> dict:
    """Grade one task and write its result files; returns the report as plain data."""
    data = grade_data(task)
    write_outputs(task, data)
    data.pop("_html", None)
    return data


def load_result(path: Path) -> Optional[GradeReport]:
    """A finished result, or None if missing or unreadable (then it is graded again)."""
    try:
        return report_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_timing(path: Path) -> dict:
    try:
        return dict(json.loads(Path(path).read_text(encoding="utf-8")).get(TIMING_KEY) or {})
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def is_unchanged(task: GradeTask) -> bool:
    """Whether ``task`` has a finished result graded from exactly this notebook, suite version,
    device, isolation and language (then a rerun keeps it; anything else is regraded)."""
    if not task.result_path:
        return False
    try:
        stored = json.loads(Path(task.result_path).read_text(encoding="utf-8")).get(GRADE_KEY)
    except (OSError, ValueError, AttributeError):
        return False
    return stored is not None and stored == grade_key(task)


def split_finished(tasks: list[GradeTask], force: bool,
                   on_done: Optional[Callable[[GradeTask, GradeReport], None]] = None
                   ) -> tuple[dict[int, GradeReport], list[int]]:
    """(finished reports by index, indices still to grade); calls ``on_done`` for finished ones.

    A result is kept only when :func:`is_unchanged`: a resubmitted notebook, a changed suite or
    reference, another device or isolation level is graded again (never kept at its old grade)."""
    reports: dict[int, GradeReport] = {}
    todo = []
    for i, t in enumerate(tasks):
        done = load_result(Path(t.result_path)) if (t.result_path and not force and is_unchanged(t)) else None
        if done is not None:
            reports[i] = done
            if on_done:
                on_done(t, done)
        else:
            todo.append(i)
    return reports, todo


# ---------------------------------------------------------------------------------------------
# the local pool
# ---------------------------------------------------------------------------------------------
def _watch_parent(parent_pid: int) -> None:
    """In a grader process: exit when the batch process is gone (killed), so nothing keeps grading."""
    while True:
        time.sleep(1.0)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(3)
        except PermissionError:
            pass


def _pool_main(conn, parent_pid: int, assignment: str, config: RunConfig) -> None:
    """A grader process of the local pool: one task at a time over ``conn``."""
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    if config.warm and config.settled:  # start the warm template now: its imports overlap ours
        try:
            from .sandbox import make_sandbox

            make_sandbox(config.isolation, config.limits, config.device, config.hidden).prestart(assignment)
        except Exception:  # noqa: BLE001 - the first spawn starts it instead (and reports what fails)
            pass
    preload()
    freeze_heap()
    graded = 0
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        i, task = item
        data = grade_data(task)
        graded += 1
        if graded == 1:  # the suite's modules are imported now
            freeze_heap()
        try:
            conn.send((i, data))
        except (BrokenPipeError, OSError):
            return


class _Slot:
    def __init__(self, ctx, parent_pid: int, assignment: str, config: RunConfig):
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_pool_main, args=(child, parent_pid, assignment, config), daemon=True,
                                name="autograder-grader")
        self.proc.start()
        child.close()
        self.current: Optional[int] = None
        self.started = 0.0

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def grading_seconds(limits=None) -> float:
    """The hang guard of one grading in the pool: the submission's own budget (``Limits.submission_seconds``,
    which bounds the student's code) plus :data:`GRADER_SLACK_SECONDS` for our side (references, pytest).
    Past it the grader process is killed and the submission retried; one bound per grading, never one
    over many."""
    from .sandbox import Limits

    return (limits or Limits()).submission_seconds + GRADER_SLACK_SECONDS


def _run_pool(tasks: list[GradeTask], todo: list[int], workers: int,
              finish: Callable[[int, dict], None]) -> None:
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["autograder.batch", "autograder.engine"])
    assignment = next((tasks[i].assignment for i in todo if tasks[i].assignment), "") or ""
    config = tasks[todo[0]].config
    pending = deque(todo)
    deaths: dict[int, int] = {}
    overdue: set[int] = set()
    bound = grading_seconds(config.limits)
    slots = [_Slot(ctx, os.getpid(), assignment, config) for _ in range(min(workers, len(todo)))]

    def feed(slot: _Slot) -> None:
        if pending and slot.current is None:
            i = pending.popleft()
            slot.current = i
            slot.started = time.monotonic()
            slot.conn.send((i, tasks[i]))

    try:
        for s in slots:
            feed(s)
        while any(s.current is not None for s in slots):
            busy = [s for s in slots if s.current is not None]
            wait = max(0.1, min(s.started + bound for s in busy) - time.monotonic())
            mp.connection.wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=wait)
            for s in busy:  # the per-grading hang guard: a grader past its bound is killed, then retried
                if s.proc.is_alive() and time.monotonic() - s.started > bound and not s.conn.poll():
                    overdue.add(s.current)
                    s.proc.kill()
                    s.proc.join(timeout=5)
            for k, s in enumerate(slots):
                if s.current is None:
                    continue
                got = None
                try:
                    if s.conn.poll():
                        got = s.conn.recv()
                except (EOFError, OSError):
                    got = None
                if got is not None:
                    i, data = got
                    s.current = None
                    finish(i, data)
                    feed(s)
                    continue
                if s.proc.is_alive():
                    continue
                # the grader process died while grading s.current: retry in a fresh one
                i = s.current
                deaths[i] = deaths.get(i, 0) + 1
                code = s.proc.exitcode
                s.conn.close()
                if deaths[i] >= MAX_GRADER_DEATHS:
                    t = tasks[i]
                    if i in overdue:  # ours, not the student's: their code has its own, smaller budget
                        rep = zero_report(t, f"Grading did not finish within {bound:g} s, {deaths[i]} times (a grader "
                                              "problem, not your code: your code's own time limit is smaller); "
                                              "an instructor must look at it.",
                                           f"採点が {bound:g} 秒以内に終わりませんでした（{deaths[i]} 回）。あなたのコードの"
                                           "制限時間はこれより短いため、採点システム側の問題です。教員が確認します。")
                    else:
                        rep = zero_report(t, f"The grading process died {deaths[i]} times on this submission "
                                              f"(last exit code {code}); an instructor must look at it.",
                                           f"この提出物の採点中に採点プロセスが {deaths[i]} 回停止しました"
                                           f"（終了コード {code}）。教員が確認する必要があります。")
                    finish(i, rep.to_dict())
                else:
                    pending.appendleft(i)
                slots[k] = _Slot(ctx, os.getpid(), assignment, config)
                feed(slots[k])
    finally:
        for s in slots:
            if s.current is not None and s.proc.is_alive():
                s.proc.kill()
            s.stop()


def grade_tasks(tasks: list[GradeTask], *, workers: int = 0, force: bool = False,
                on_done: Optional[Callable[[GradeTask, GradeReport], None]] = None) -> list[GradeReport]:
    """Grade ``tasks`` (skipping finished ones unless ``force``); reports in task order."""
    reports, todo = split_finished(tasks, force, on_done)
    workers = workers or default_workers()

    def finish(i: int, data: dict) -> None:
        reports[i] = write_outputs(tasks[i], data)
        if on_done:
            on_done(tasks[i], reports[i])

    if todo and (workers == 1 or len(todo) == 1):
        for i in todo:
            finish(i, grade_data(tasks[i]))
    elif todo:
        _run_pool(tasks, todo, workers, finish)
    return [reports[i] for i in range(len(tasks))]


# ---------------------------------------------------------------------------------------------
# autograder batch
# ---------------------------------------------------------------------------------------------
def find_submissions(course: Path, assignment: str) -> list[tuple[str, Path]]:
    """(student, notebook) for every ``submitted/<student>/<assignment>/*.ipynb``."""
    out = []
    root = course / "submitted"
    if not root.is_dir():
        return out
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for nb in sorted((student_dir / assignment).glob("*.ipynb")):
            out.append((student_dir.name, nb))
    return out


def make_tasks(course: Path, assignment: str, out: Path, config: RunConfig) -> list[GradeTask]:
    """One task per submitted notebook, graded with ``config``; files under ``out/<student>/``."""
    return [GradeTask(str(nb), assignment, student, config,
                      str(out / student / f"{nb.stem}.report.json"), str(out / student / f"{nb.stem}.results.json"),
                      str(out / student / f"{nb.stem}.html"))
            for student, nb in find_submissions(course, assignment)]


def write_class_outputs(course: Path, assignment: str, out: Path, tasks: list, reports: list, lang: str,
                        kept: set = frozenset(), *, gradebook: bool = True):
    """grades.csv, summary.json, summary.html and (``gradebook``) the nbgrader gradebook of a graded
    class; returns the :class:`autograder.report.ClassSummary`.  Timing figures cover only the
    submissions graded in this run (not the ``kept`` indices, whose results are older)."""
    from . import report as class_report

    write_atomic(out / "grades.csv", csv_text(reports))
    timings = [load_timing(Path(t.result_path)) for i, t in enumerate(tasks) if i not in kept and t.result_path]
    links = [os.path.relpath(t.html_path, out) if t.html_path else "" for t in tasks]
    summary = class_report.summarize(reports, timings, links)
    write_json(out / "summary.json", summary.to_dict())
    write_atomic(out / "summary.html", class_report.summary_html(summary, lang))
    if gradebook:
        from .gradebook import GradebookUnavailable, write_gradebook
        try:
            n = write_gradebook(course, assignment, reports)
            print(i18n.text("cli", "gradebook", lang, n=n, path=course / "gradebook.db"))
        except GradebookUnavailable as exc:
            print(f"gradebook: not written ({exc})", file=sys.stderr)
    return summary
