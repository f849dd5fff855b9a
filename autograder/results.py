"""Grading results: small frozen dataclasses, serialised once.

Writers: Gradescope ``results.json`` (score, execution_time, output, tests[] with
name, score, max_score, status, output, visibility), our own lossless JSON
(:meth:`GradeReport.to_dict` / :func:`report_from_dict`), CSV rows and a text
table.  The nbgrader gradebook is written through ``nbgrader autograde``
(:mod:`autograder.nbgrader_plugin`).
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from .messages import Message, cap
from .textsafe import clean, clean_tree, csv_cell

#: Characters of printed output kept per cell, and for all cells of one report together.
MAX_CELL_TEXT = 20_000
MAX_REPORT_CELL_TEXT = 100_000


@dataclass(frozen=True)
class CaseResult:
    """One hidden test: ``status`` is passed / failed / error."""

    name: str
    grade_id: str
    score: float
    max_score: float
    status: str
    message: Optional[Message] = None
    kind: Optional[str] = None
    duration: float = 0.0


@dataclass(frozen=True)
class ExerciseScore:
    """A grade cell: the sum of its tests' points."""

    grade_id: str
    score: float
    max_score: float
    tests: tuple = ()

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score - 1e-9


@dataclass(frozen=True)
class CellOutput:
    """What one executed cell of the submission printed (for feedback)."""

    index: int
    status: str
    stdout: str = ""
    stderr: str = ""
    error: Optional[dict] = None

    def __post_init__(self) -> None:  # printed by the student's code: made inert (autograder.textsafe) and capped
        object.__setattr__(self, "stdout", cap(clean(self.stdout), MAX_CELL_TEXT))
        object.__setattr__(self, "stderr", cap(clean(self.stderr), MAX_CELL_TEXT))
        if self.error is not None:
            object.__setattr__(self, "error", {k: cap(str(v), MAX_CELL_TEXT) for k, v in clean_tree(self.error).items()}
                               if isinstance(self.error, dict) else None)


@dataclass(frozen=True)
class GradeReport:
    """The grade of one submission."""

    assignment: str
    notebook: str
    student: str = ""
    exercises: tuple = ()
    problems: tuple = ()
    cells: tuple = ()
    execution_time: float = 0.0
    device: str = "cpu"
    isolation: str = "basic"
    grader_error: Optional[Message] = None
    #: "graded"; "invalid_notebook" (the file could not be graded: zero with the reason);
    #: "grader_error" (the grader itself failed: an instructor must look)
    status: str = "graded"

    def __post_init__(self) -> None:
        for name in ("assignment", "notebook", "student"):  # names come from folders and files the student chose
            object.__setattr__(self, name, cap(clean(getattr(self, name)), 200))
        # the report as a whole stays small: cell outputs beyond MAX_REPORT_CELL_TEXT in total are dropped
        # with a visible marker (one flood cannot make results.json and the feedback page megabytes)
        budget, cells = MAX_REPORT_CELL_TEXT, []
        for c in self.cells:
            size = len(c.stdout) + len(c.stderr) + sum(len(str(v)) for v in (c.error or {}).values())
            if size > budget:
                c = CellOutput(c.index, c.status, cap(c.stdout, max(budget, 0)) if c.stdout else "",
                               "[truncated: the report's limit for printed output was reached / 出力が多すぎるため省略]"
                               if size > 0 else "", c.error)
                size = len(c.stdout) + len(c.stderr)
            budget -= size
            cells.append(c)
        object.__setattr__(self, "cells", tuple(cells))

    @property
    def score(self) -> float:
        return round(sum(e.score for e in self.exercises), 6)

    @property
    def max_score(self) -> float:
        return round(sum(e.max_score for e in self.exercises), 6)

    def exercise(self, grade_id: str) -> ExerciseScore:
        for e in self.exercises:
            if e.grade_id == grade_id:
                return e
        raise KeyError(grade_id)

    def to_dict(self) -> dict:
        return asdict(self)

    def gradescope(self, lang: str = "ja") -> dict:
        """Gradescope's autograder ``results.json`` schema."""
        tests = []
        for ex in self.exercises:
            for t in ex.tests:
                tests.append({"name": f"{ex.grade_id}: {t.name}", "score": t.score, "max_score": t.max_score,
                              "status": "passed" if t.status == "passed" else "failed",
                              "output": t.message.render(lang) if t.message else "",
                              "visibility": "visible"})
        output = "\n".join(p.render(lang) for p in self.problems)
        if self.grader_error:
            output = (output + "\n" + self.grader_error.render(lang)).strip()
        return {"score": self.score, "execution_time": round(self.execution_time, 3), "output": output,
                "tests": tests}


def _msg(d) -> Optional[Message]:
    return Message(**d) if d else None


def report_from_dict(d: dict) -> GradeReport:
    """Inverse of :meth:`GradeReport.to_dict` (plain JSON data; nothing executable)."""
    exercises = tuple(
        ExerciseScore(e["grade_id"], e["score"], e["max_score"],
                      tuple(CaseResult(**{**t, "message": _msg(t.get("message"))}) for t in e["tests"]))
        for e in d.get("exercises", []))
    return GradeReport(
        assignment=d["assignment"], notebook=d["notebook"], student=d.get("student", ""), exercises=exercises,
        problems=tuple(Message(**p) for p in d.get("problems", [])),
        cells=tuple(CellOutput(**c) for c in d.get("cells", [])), execution_time=d.get("execution_time", 0.0),
        device=d.get("device", "cpu"), isolation=d.get("isolation", "basic"),
        grader_error=_msg(d.get("grader_error")), status=d.get("status", "graded"))


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, fsync, rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def csv_text(reports: list[GradeReport]) -> str:
    """One row per submission: student, assignment, score, max_score, then one column per grade_id."""
    ids: list[str] = []
    for r in reports:
        for e in r.exercises:
            if e.grade_id not in ids:
                ids.append(e.grade_id)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "assignment", "notebook", "score", "max_score", *ids, "error"])
    for r in reports:
        per = {e.grade_id: e.score for e in r.exercises}
        w.writerow([csv_cell(v) for v in (r.student, r.assignment, r.notebook, r.score, r.max_score,
                                          *[per.get(i, "") for i in ids], r.grader_error.en if r.grader_error else "")])
    return buf.getvalue()


def text_table(report: GradeReport, lang: str = "ja") -> str:
    """A plain-text table (used when rich is not wanted, e.g. in logs)."""
    lines = [f"{report.assignment} / {report.notebook}: {report.score:g} / {report.max_score:g}"]
    for p in report.problems:
        lines.append(f"  ! {p.render(lang)}")
    if report.grader_error:
        lines.append(f"  !! {report.grader_error.render(lang)}")
    for e in report.exercises:
        lines.append(f"  {e.grade_id}: {e.score:g} / {e.max_score:g}")
        for t in e.tests:
            mark = "✔" if t.status == "passed" else "✘"
            lines.append(f"    {mark} {t.name} ({t.score:g}/{t.max_score:g})")
            if t.message:
                for line in t.message.render(lang).splitlines():
                    lines.append(f"        {line}")
    return "\n".join(lines)
