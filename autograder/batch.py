"""Grade many submissions: parallel, resumable, one broken submission never stops the batch.

Each submission is an independent :class:`GradeTask`.  Locally, tasks run in a
pool of grader processes started from a ``forkserver`` that has already imported
torch, pytest and the suites (so no task pays those imports); each student
still runs in a fresh, isolated worker process.  Results are written atomically
as soon as they are finished; a rerun skips submissions whose result exists
(unless ``force``), so killing a batch at any point and rerunning it loses
nothing and grades nothing twice in the final output.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from .messages import msg
from .results import GradeReport, csv_text, report_from_dict, write_atomic, write_json


@dataclass(frozen=True)
class GradeTask:
    """One submission to grade (plain data, picklable for the local pool)."""

    path: str
    assignment: Optional[str]
    student: str
    device: str = "cpu"
    isolation: str = "basic"
    lang: str = "ja"
    result_path: Optional[str] = None  # our JSON report, written atomically when done
    gradescope_path: Optional[str] = None


def _preload() -> None:
    """Imports done once per pool (forkserver preload): torch, pytest, the engine, the references."""
    import pytest  # noqa: F401
    import torch  # noqa: F401

    from . import engine  # noqa: F401


def grade_task(task: GradeTask) -> dict:
    """Grade one task and write its result files; returns the report as plain data."""
    from .engine import grade_path

    start = time.monotonic()
    try:
        report = grade_path(Path(task.path), assignment=task.assignment, device=task.device,
                            isolation=task.isolation, lang=task.lang, student=task.student)
    except BaseException as exc:  # noqa: BLE001 - never lose a submission: zero with the reason
        report = GradeReport(task.assignment or "?", Path(task.path).name, task.student, (), (), (),
                             time.monotonic() - start, task.device, task.isolation,
                             msg(f"Internal grader error: {type(exc).__name__}: {exc}\n"
                                 f"{traceback.format_exc()[-1500:]}",
                                 f"採点システムの内部エラー: {type(exc).__name__}: {exc}"))
    data = report.to_dict()
    if task.gradescope_path:
        write_json(Path(task.gradescope_path), report.gradescope(task.lang))
    if task.result_path:
        write_json(Path(task.result_path), data)
    return data


def load_result(path: Path) -> Optional[GradeReport]:
    """A finished result, or None if missing or unreadable (then it is graded again)."""
    try:
        return report_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def grade_tasks(tasks: list[GradeTask], *, workers: int = 0, force: bool = False,
                on_done: Optional[Callable[[GradeTask, GradeReport], None]] = None) -> list[GradeReport]:
    """Grade ``tasks`` (skipping finished ones unless ``force``); reports in task order."""
    reports: dict[int, GradeReport] = {}
    todo = []
    for i, t in enumerate(tasks):
        done = load_result(Path(t.result_path)) if (t.result_path and not force) else None
        if done is not None:
            reports[i] = done
            if on_done:
                on_done(t, done)
        else:
            todo.append(i)
    workers = workers or default_workers()
    if todo and workers == 1:
        for i in todo:
            reports[i] = report_from_dict(grade_task(tasks[i]))
            if on_done:
                on_done(tasks[i], reports[i])
    elif todo:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["autograder.batch"])
        with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=ctx,
                                 initializer=_preload) as pool:
            futures = {pool.submit(grade_task, tasks[i]): i for i in todo}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    reports[i] = report_from_dict(fut.result())
                except BaseException as exc:  # noqa: BLE001 - a pool process died: zero with the reason
                    t = tasks[i]
                    reports[i] = GradeReport(t.assignment or "?", Path(t.path).name, t.student, (), (), (), 0.0,
                                             t.device, t.isolation,
                                             msg(f"The grading process died: {type(exc).__name__}: {exc}",
                                                 f"採点プロセスが停止しました: {type(exc).__name__}: {exc}"))
                    if t.result_path:
                        write_json(Path(t.result_path), reports[i].to_dict())
                if on_done:
                    on_done(tasks[i], reports[i])
    return [reports[i] for i in range(len(tasks))]


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


def run_batch(args) -> int:
    """``autograder batch`` (see ``autograder batch --help``)."""
    from .engine import resolve_device

    course = Path(args.course)
    subs = find_submissions(course, args.assignment)
    if not subs:
        print(f"autograder: error: no submissions found in {course / 'submitted'}/<student>/{args.assignment}/; "
              "collect them first (nbgrader collect / zip_collect) or pass --course", file=sys.stderr)
        return 2
    try:
        device = resolve_device(args.device)
    except ValueError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return 2
    if args.isolation == "strict":
        from .strict import StrictUnavailable, check_available
        try:
            check_available()
        except StrictUnavailable as exc:
            print(f"autograder: error: --isolation strict is not available here: {exc}\n"
                  "Use --isolation basic to grade without the security boundary.", file=sys.stderr)
            return 1
    out = Path(args.out) if args.out else course / "autograder_results" / args.assignment
    tasks = [GradeTask(str(nb), args.assignment, student, device, args.isolation, args.lang,
                       str(out / student / f"{nb.stem}.report.json"), str(out / student / f"{nb.stem}.results.json"))
             for student, nb in subs]
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeRemainingColumn(), transient=False) as progress:
        bar = progress.add_task(f"grading {args.assignment}", total=len(tasks))
        if getattr(args, "scheduler", None):
            from .distributed import grade_tasks_dask
            reports = grade_tasks_dask(tasks, args.scheduler, force=args.force,
                                       on_done=lambda t, r: progress.advance(bar))
        else:
            reports = grade_tasks(tasks, workers=args.workers, force=args.force,
                                  on_done=lambda t, r: progress.advance(bar))
    write_atomic(out / "grades.csv", csv_text(reports))
    from .cli import _print_class_table
    _print_class_table(reports, args.lang)
    print(f"results: {out}")
    return 0
