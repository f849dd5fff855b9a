"""Write batch grades into the nbgrader gradebook (so ``nbgrader export`` and formgrader see them).

Uses nbgrader's own API (:class:`nbgrader.api.Gradebook`) the way nbgrader's
``SaveAutoGrades`` does: one submission per student (created with the
assignment's structure if missing), each grade cell's ``auto_score`` set to our
partial credit, ``needs_manual_grade`` only where an instructor already entered
a manual score.  The assignment must already be in the gradebook (``nbgrader
generate_assignment`` puts it there).
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional


class GradebookUnavailable(Exception):
    """No gradebook to write to; the message says why and what to do."""


def db_url_for(course: Path) -> str:
    return f"sqlite:///{Path(course).resolve() / 'gradebook.db'}"


def _timestamp(course: Path, assignment: str, student: str) -> Optional[str]:
    f = Path(course) / "submitted" / student / assignment / "timestamp.txt"
    try:
        return f.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def write_gradebook(course: Path, assignment: str, reports, db_url: Optional[str] = None) -> int:
    """Store every report's per-exercise scores as nbgrader auto scores; returns the number written."""
    course = Path(course)
    if db_url is None and not (course / "gradebook.db").exists():
        raise GradebookUnavailable(f"no {course / 'gradebook.db'}; run `nbgrader generate_assignment {assignment}` "
                                   "in the course directory first, or pass --no-gradebook")
    import warnings

    from nbgrader.api import Gradebook, MissingEntry

    written = 0
    with warnings.catch_warnings(), Gradebook(db_url or db_url_for(course)) as gb:
        warnings.simplefilter("ignore")  # nbgrader's add_submission trips SQLAlchemy 2 autoflush warnings
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            raise GradebookUnavailable(f"assignment {assignment!r} is not in the gradebook; run "
                                       f"`nbgrader generate_assignment {assignment}` first") from None
        for r in reports:
            if not r.student:
                continue
            gb.update_or_create_student(r.student)
            try:
                sub = gb.find_submission(assignment, r.student)
            except MissingEntry:
                ts = _timestamp(course, assignment, r.student)
                sub = gb.add_submission(assignment, r.student, **({"timestamp": ts} if ts else {}))
            notebook = Path(r.notebook).stem
            for ex in r.exercises:
                try:
                    grade = gb.find_grade(ex.grade_id, notebook, assignment, r.student)
                except MissingEntry:
                    continue  # not a grade cell of this gradebook's version of the assignment
                grade.auto_score = float(ex.score)
                grade.needs_manual_grade = grade.manual_score is not None
            gb.db.commit()
            written += 1
            del sub
    return written
