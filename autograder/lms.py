"""Grades for an LMS: the CSV that Canvas' or Moodle's gradebook import reads, from a batch's results.

- **Canvas** ("Import" in the Gradebook): the columns ``Student, ID, SIS User ID, SIS Login ID,
  Section``, then one column per assignment (here the total; ``--per-exercise`` adds one per exercise), and a second row
  ``Points Possible`` with each column's maximum.  Canvas matches students by ``ID`` or, when it is
  blank, by ``SIS User ID`` / ``SIS Login ID``: we write the nbgrader student id into both SIS
  columns and leave ``ID`` blank.
- **Moodle** ("Import" > "CSV file" in the grader report): an identifier column (``Username``, the
  nbgrader student id) and one column per grade item, mapped to grade items at import.

A submission the grader itself failed on (``status: grader_error``) gets empty grade cells, never a
0: importing it must not lower anyone's grade; the command reports how many there are.
``nbgrader export`` (the gradebook's own CSV) stays available beside this.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Optional

from .results import exercise_maxima, write_atomic
from .textsafe import csv_cell

CANVAS_HEAD = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def load_reports(results: Path) -> list:
    """The finished reports under a batch's results folder (``<student>/*.report.json``), by student."""
    from .batch import load_result

    out = []
    for path in sorted(Path(results).glob("*/*.report.json")):
        report = load_result(path)
        if report is not None:
            out.append(report)
    return out


def lms_csv(reports: list, assignment: str, fmt: str, per_exercise: bool = False) -> str:
    """The CSV text for ``fmt`` ("canvas" or "moodle"); see the module docstring for the layouts.

    One grade column (the assignment's total) by default: Canvas creates an assignment for every
    column it does not know, so per-exercise columns (``per_exercise``) would count the points twice
    unless they are imported into their own, zero-weight assignments."""
    if fmt not in ("canvas", "moodle"):
        raise ValueError(f"unknown format {fmt!r}; use canvas or moodle")
    maxes = exercise_maxima(reports)
    ids = list(maxes)
    total_max = max((r.max_score for r in reports), default=0.0)
    ids = ids if per_exercise else []
    grade_cols = [assignment] + [f"{assignment}: {i}" for i in ids]
    buf = io.StringIO()
    w = csv.writer(buf)
    if fmt == "canvas":
        w.writerow(CANVAS_HEAD + grade_cols)
        w.writerow(["Points Possible", "", "", "", ""] + [f"{total_max:g}"] + [f"{maxes[i]:g}" for i in ids])
    else:
        w.writerow(["Username"] + grade_cols)
    for r in reports:
        failed = r.status == "grader_error"
        per = {e.grade_id: e.score for e in r.exercises}
        grades = ([""] * (1 + len(ids)) if failed else
                  [f"{r.score:g}"] + [f"{per[i]:g}" if i in per else "" for i in ids])
        who = csv_cell(r.student or r.notebook)
        w.writerow(([who, "", who, who, ""] if fmt == "canvas" else [who]) + grades)
    return buf.getvalue()


def export_csv(assignment: str, course: Path, fmt: str, results: Optional[Path] = None,
               out: Optional[Path] = None, per_exercise: bool = False) -> tuple[Path, int]:
    """Write the LMS CSV of ``assignment``'s batch results; (path, number of students).

    Raises:
        ValueError: no results (run ``autograder batch`` first) or an unknown format.
    """
    results = Path(results) if results else Path(course) / "autograder_results" / assignment
    reports = load_reports(results)
    if not reports:
        raise ValueError(f"no results in {results}; run `autograder batch {assignment} --course {course}` first")
    out = Path(out) if out else results / f"{fmt}.csv"
    write_atomic(out, lms_csv(reports, assignment, fmt, per_exercise))
    return out, len(reports)
