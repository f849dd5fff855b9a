"""Grading results: small frozen dataclasses, serialised once.

Writers: Gradescope ``results.json`` (score, execution_time, output, tests[] with
name, score, max_score, status, output, visibility), our own lossless JSON
(:meth:`GradeReport.to_dict` / :func:`report_from_dict`) and CSV rows.  The nbgrader gradebook is written through ``nbgrader autograde``
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

from . import i18n, scoring
from .messages import Message, cap
from .textsafe import clean, clean_tree, csv_cell

#: Characters of printed output kept per cell, and for all cells of one report together.
MAX_CELL_TEXT = 20_000
MAX_REPORT_CELL_TEXT = 100_000


@dataclass(frozen=True)
class CaseResult:
    """One hidden test: ``status`` is passed / excused / failed / error (:mod:`autograder.scoring`:
    an excused test earns its points by error carried forward, and its ``message`` says why).

    ``name`` is the test's internal id (for instructors: ``test_fixed_large_skipped_steps_and_t0``);
    ``description`` is what students read ("large timesteps with skipped steps, and t = 0", from the
    suite's ``@pytest.mark.describe``); ``detail`` holds instructor-only facts (the raw ``rtol`` /
    ``atol`` of a failed comparison).  ``kind`` classifies a failure (``not_implemented`` for a stub).
    """

    name: str
    grade_id: str
    score: float
    max_score: float
    status: str
    message: Optional[Message] = None
    kind: Optional[str] = None
    duration: float = 0.0
    description: Optional[Message] = None
    detail: Optional[dict] = None
    #: Gradescope visibility: "visible", "hidden", "after_due_date" or "after_published" (the suite's
    #: ``@pytest.mark.visibility``)
    visibility: str = "visible"

    def label(self, lang: str = "ja") -> str:
        """What a student reads as the test's name: its description, else its id."""
        return self.description.render(lang) if self.description else self.name

    @property
    def credited(self) -> bool:
        """Whether the test earned its points: passed, or excused (:mod:`autograder.scoring`)."""
        return scoring.credited(self.status)


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

    @property
    def not_implemented(self) -> bool:
        """Every test failed only because the exercise is still the released stub."""
        return bool(self.tests) and self.score == 0 and all(
            t.credited or t.kind == "not_implemented" for t in self.tests) and any(
            t.kind == "not_implemented" for t in self.tests)


@dataclass(frozen=True)
class CellOutput:
    """What one executed cell of the submission printed (for feedback)."""

    index: int
    status: str
    stdout: str = ""
    stderr: str = ""
    error: Optional[dict] = None
    #: the cell's number as JupyterLab shows it after Restart & Run All (1-based, among code cells)
    number: int = 0
    #: the first non-blank line of the cell's source (to find it in the notebook)
    first_line: str = ""

    def __post_init__(self) -> None:  # printed by the student's code: made inert (autograder.textsafe) and capped
        object.__setattr__(self, "stdout", cap(clean(self.stdout), MAX_CELL_TEXT))
        object.__setattr__(self, "stderr", cap(clean(self.stderr), MAX_CELL_TEXT))
        object.__setattr__(self, "first_line", cap(clean(self.first_line), 120))
        if self.error is not None:
            object.__setattr__(self, "error", {k: cap(str(v), MAX_CELL_TEXT) for k, v in clean_tree(self.error).items()}
                               if isinstance(self.error, dict) else None)


    def headline(self, lang: str = "ja") -> str:
        """One line a student can act on: which cell (as JupyterLab numbers it), how it starts, what went wrong."""
        err = self.error or {}
        what = f"{err.get('ename', '')}: {err.get('evalue', '')}".strip(": ") or self.status
        number = self.number or self.index
        start = f" `{self.first_line}`" if self.first_line else ""
        key = self.status if self.status in ("timeout", "crashed") else "failed"
        return i18n.text("cell", key, lang, number=number, start=start, what=what)


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
    #: the student's plots from the demo cells, as saved in the submitted notebook:
    #: ({"number": JupyterLab cell number, "png": base64 PNG}, ...); see :func:`saved_figures`
    figures: tuple = ()

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
        return scoring.total(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return scoring.total(e.max_score for e in self.exercises)

    @property
    def failed_cells(self) -> tuple:
        """The cells of the submission that raised (SyntaxError, an exception at top level): shown first
        in every feedback.  A cell that hung or crashed the worker is a ``problem`` instead (it was
        skipped and the rest graded)."""
        return tuple(c for c in self.cells if c.status == "error")

    @property
    def not_implemented(self) -> tuple:
        """The exercises that are still the released stub (shown as one line each, not test by test)."""
        return tuple(e for e in self.exercises if e.not_implemented)

    def not_implemented_line(self, lang: str = "ja") -> str:
        """"⏳ 7 exercises not implemented yet: a, b, …" ('' when every exercise was attempted)."""
        todo = self.not_implemented
        if not todo:
            return ""
        names = ", ".join(e.grade_id for e in todo)
        points = sum(e.max_score for e in todo)
        return i18n.text("cell", "not_implemented_one" if len(todo) == 1 else "not_implemented_many", lang,
                         n=len(todo), points=f"{points:g}", names=names)

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
                tests.append({"name": f"{ex.grade_id}: {t.label(lang)}", "score": t.score, "max_score": t.max_score,
                              "status": "passed" if t.credited else "failed",  # Gradescope knows two
                              "output": t.message.render(lang) if t.message else "",
                              "visibility": t.visibility, "extra_data": {"test_id": t.name, **(t.detail or {})}})
        output = "\n".join([p.render(lang) for p in self.problems] + [c.headline(lang) for c in self.failed_cells] +
                           [self.not_implemented_line(lang)]).strip()
        if self.grader_error:
            output = (output + "\n" + self.grader_error.render(lang)).strip()
        return {"score": self.score, "execution_time": round(self.execution_time, 3), "output": output,
                "tests": tests}


#: At most this many saved plots, each at most this many bytes, are carried into a report.
MAX_FIGURES = 6
MAX_FIGURE_BYTES = 256 * 1024
_PNG = b"\x89PNG\r\n\x1a\n"


def saved_figures(nb, cell_filter) -> tuple:
    """The PNG plots saved in the outputs of the cells ``cell_filter(cell)`` accepts (the demo cells).

    Nothing is executed and nothing is decoded beyond base64: an image is kept only when it is
    strict base64 of a file that starts with the PNG signature and is at most
    :data:`MAX_FIGURE_BYTES`; at most :data:`MAX_FIGURES` are kept.  The feedback page shows them
    as ``data:image/png`` images (its Content-Security-Policy allows images from ``data:`` only);
    SVG and HTML outputs are never carried, as they can hold script.
    """
    import base64
    import binascii

    out, number = [], 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        number += 1
        if not cell_filter(cell):
            continue
        for o in cell.get("outputs", []) or []:
            data = o.get("data", {}) if isinstance(o, dict) else {}
            b64 = data.get("image/png") if isinstance(data, dict) else None
            if isinstance(b64, list):
                b64 = "".join(str(x) for x in b64)
            if not isinstance(b64, str) or len(b64) > MAX_FIGURE_BYTES * 4 // 3 + 8:
                continue
            try:
                raw = base64.b64decode("".join(b64.split()), validate=True)
            except (binascii.Error, ValueError):
                continue
            if raw.startswith(_PNG) and len(raw) <= MAX_FIGURE_BYTES:
                out.append({"number": number, "png": base64.b64encode(raw).decode("ascii")})
            if len(out) >= MAX_FIGURES:
                return tuple(out)
    return tuple(out)


def _msg(d) -> Optional[Message]:
    return Message(**d) if d else None


def report_from_dict(d: dict) -> GradeReport:
    """Inverse of :meth:`GradeReport.to_dict` (plain JSON data; nothing executable)."""
    exercises = tuple(
        ExerciseScore(e["grade_id"], e["score"], e["max_score"],
                      tuple(CaseResult(**{**t, "message": _msg(t.get("message")), "description": _msg(t.get("description"))})
                            for t in e["tests"]))
        for e in d.get("exercises", []))
    return GradeReport(
        assignment=d["assignment"], notebook=d["notebook"], student=d.get("student", ""), exercises=exercises,
        problems=tuple(Message(**p) for p in d.get("problems", [])),
        cells=tuple(CellOutput(**c) for c in d.get("cells", [])), execution_time=d.get("execution_time", 0.0),
        device=d.get("device", "cpu"), isolation=d.get("isolation", "basic"),
        grader_error=_msg(d.get("grader_error")), status=d.get("status", "graded"),
        figures=tuple(f for f in d.get("figures", []) if isinstance(f, dict)))


def _umask() -> int:
    """The process's umask, read without changing it (Linux ``/proc``), else by setting and restoring it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    old = os.umask(0o022)
    os.umask(old)
    return old


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, fsync, rename).

    The file gets the permissions a plain ``open(path, "w")`` would give (``0666 & ~umask``: 0644
    with the usual umask), so a web server or an LMS upload can read results, feedback pages and
    grades.csv; ``mkstemp``'s private 0600 is not kept."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
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


def exercise_maxima(reports) -> dict[str, float]:
    """grade_id -> its largest max_score over ``reports``, in the order the exercises first appear
    (the per-exercise columns of every class-level table: CSV, terminal, summary, LMS export)."""
    maxes: dict[str, float] = {}
    for r in reports:
        for e in r.exercises:
            maxes[e.grade_id] = max(maxes.get(e.grade_id, 0.0), e.max_score)
    return maxes


def csv_text(reports: list[GradeReport]) -> str:
    """One row per submission: student, assignment, score, max_score, then one column per grade_id."""
    ids = list(exercise_maxima(reports))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["student", "assignment", "notebook", "score", "max_score", *ids, "error"])
    for r in reports:
        per = {e.grade_id: e.score for e in r.exercises}
        w.writerow([csv_cell(v) for v in (r.student, r.assignment, r.notebook, r.score, r.max_score,
                                          *[per.get(i, "") for i in ids], r.grader_error.en if r.grader_error else "")])
    return buf.getvalue()
