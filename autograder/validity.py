"""Prove the hidden suites grade right: grade every catalogue entry through the real path.

For each assignment, every ``variants/<exercise>/<kind>_<slug>.py`` replaces the
solution cell of the source notebook; the notebook is graded through the batch
path (:func:`autograder.batch.grade_tasks`).  A mistake is *caught* when its
exercise loses points, every other exercise keeps full marks, and a failed test
of that exercise carries a message; a valid variant *passes* with full marks.

The diagnosis rate: each mistake is graded with its own catalogue entry withheld from the
diagnosis (:attr:`RunConfig.withheld`), so that the "Likely cause" line it gets is what a
student's bug outside the catalogue would get: a generic explanation (:mod:`autograder.explain`,
ignored inputs, swapped arguments) or another entry that reproduces the output. A mistake is
*diagnosed* when a failed test of its exercise carries such a line; a valid variant must never
carry one (it fails the sweep).
"""
from __future__ import annotations

import copy
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import nbformat

from . import catalogue
from .batch import GradeTask, grade_tasks
from .notebook import REPO_ROOT, known_assignments
from .results import GradeReport
from .runconfig import RunConfig


@dataclass(frozen=True)
class EntryVerdict:
    """The outcome of one catalogue entry."""

    variant: catalogue.Variant
    ok: bool
    detail: str
    score: float
    max_score: float
    #: the "Likely cause" line of the entry's exercise (English), or "" (see the module docstring)
    cause: str = ""


CAUSE_PREFIX = "Likely cause:"


def _cause(exercises) -> str:
    """The first "Likely cause" line among the messages of ``exercises``' non-passed tests."""
    for e in exercises:
        for t in e.tests:
            text = t.message.en if t.message else ""
            if not t.credited and CAUSE_PREFIX in text:
                return text[text.index(CAUSE_PREFIX):].split("\n")[0][:300]
    return ""


def source_notebook(assignment: str, root: Path = REPO_ROOT) -> Path:
    nbs = sorted((root / "source" / assignment).glob("*.ipynb"))
    if not nbs:
        raise FileNotFoundError(f"no source notebook in source/{assignment}/")
    return nbs[0]


def variant_notebook(assignment: str, variant: catalogue.Variant, dest: Path, root: Path = REPO_ROOT) -> Path:
    """The source notebook with the cell ``variant.cell`` replaced by the variant's code."""
    nb = nbformat.read(source_notebook(assignment, root), as_version=4)
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == variant.cell:
            cell.source = variant.source
            break
    else:
        raise KeyError(f"{variant.id}: no cell with grade_id {variant.cell!r} in the source notebook")
    path = dest / assignment / variant.exercise / f"{variant.kind}_{variant.slug}" / "submission.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def judge(variant: catalogue.Variant, report: GradeReport) -> EntryVerdict:
    """Did the suite grade this entry right?"""
    try:
        target = report.exercise(variant.exercise)
    except KeyError:
        return EntryVerdict(variant, False, f"exercise {variant.exercise!r} not in the report "
                            f"({report.grader_error.en if report.grader_error else 'no grade cell'})", report.score,
                            report.max_score)
    others = [e for e in report.exercises if e.grade_id != variant.exercise and not e.passed]
    if report.grader_error is not None:
        return EntryVerdict(variant, False, f"grader error: {report.grader_error.en[:300]}", target.score,
                            target.max_score)
    if variant.kind == "valid":
        bad = [e for e in report.exercises if not e.passed]
        named = _cause(report.exercises)
        if named:
            return EntryVerdict(variant, False, f"valid variant carries a diagnosis: {named}", target.score,
                                target.max_score, named)
        if not bad:
            return EntryVerdict(variant, True, "full marks", target.score, target.max_score)
        lost = "; ".join(f"{e.grade_id} {e.score:g}/{e.max_score:g}: " +
                         " | ".join(t.message.en[:200] for t in e.tests if t.message) for e in bad)
        return EntryVerdict(variant, False, f"valid variant lost points: {lost}", target.score, target.max_score)
    if target.passed:
        return EntryVerdict(variant, False, f"mistake NOT caught: {variant.exercise} got full marks "
                            f"{target.score:g}/{target.max_score:g}", target.score, target.max_score)
    if others:
        lost = ", ".join(f"{e.grade_id} {e.score:g}/{e.max_score:g}" for e in others)
        return EntryVerdict(variant, False, f"mistake also cost points elsewhere: {lost}", target.score,
                            target.max_score)
    if not any(t.message for t in target.tests if not t.credited):
        return EntryVerdict(variant, False, "caught, but without a feedback message", target.score, target.max_score)
    return EntryVerdict(variant, True, f"caught ({target.score:g}/{target.max_score:g})", target.score,
                        target.max_score, _cause([target]))


#: What the library functions below grade with when not given a configuration: the catalogue is the
#: course's own code, so the test suite sweeps it under basic isolation on CPU (``autograder validity``
#: resolves its own configuration from the command line, strict by default).
CATALOGUE_CONFIG = RunConfig(device="cpu", isolation="basic", lang="en")


def grade_entries(variants: list[catalogue.Variant], config: Optional[RunConfig] = None, *,
                  workers: int = 0) -> list[GradeReport]:
    """Grade the given entries (any assignments) through the batch path with ``config``
    (default :data:`CATALOGUE_CONFIG`); reports in order."""
    config = config or CATALOGUE_CONFIG
    with tempfile.TemporaryDirectory(prefix="autograder-validity-") as tmp:
        tmpdir = Path(tmp)
        # a mistake is graded with its own entry withheld from the diagnosis (the diagnosis rate)
        tasks = [GradeTask(str(variant_notebook(v.assignment, v, tmpdir)), v.assignment, v.id,
                           (config.withholding(v.id) if v.kind == "mistake" else config).with_hidden(tmpdir))
                 for v in variants]
        return grade_tasks(tasks, workers=workers)


def check_entries(variants: list[catalogue.Variant], config: Optional[RunConfig] = None, *,
                  workers: int = 0) -> list[EntryVerdict]:
    """Grade the given entries and judge each (see :func:`judge`)."""
    reports = grade_entries(variants, config, workers=workers)
    return [judge(v, r) for v, r in zip(variants, reports)]


def table(verdicts: list[EntryVerdict]) -> list[dict]:
    rows: dict[tuple, dict] = {}
    for v in verdicts:
        key = (v.variant.assignment, v.variant.exercise)
        row = rows.setdefault(key, {"assignment": key[0], "exercise": key[1], "mistakes_caught": 0,
                                    "mistakes": 0, "valid_passed": 0, "valid": 0, "diagnosed": 0})
        if v.variant.kind == "mistake":
            row["mistakes"] += 1
            row["mistakes_caught"] += int(v.ok)
            row["diagnosed"] += int(v.ok and bool(v.cause))
        else:
            row["valid"] += 1
            row["valid_passed"] += int(v.ok)
    return list(rows.values())


def run_validity(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from .runconfig import from_args

    config = from_args(args)  # ConfigError: the CLI prints it and exits 1 or 2
    assignments = args.assignment or known_assignments()
    variants = [v for a in assignments for v in catalogue.load(a)]
    if not variants:
        print(f"autograder: error: no catalogue entries for {', '.join(assignments)}", file=sys.stderr)
        return 1
    verdicts = check_entries(variants, config, workers=args.workers)
    console = Console(width=None if sys.stdout.isatty() else 160)
    t = Table(title="validity: catalogued mistakes caught / valid variants given full marks")
    for col in ("assignment", "exercise", "mistakes caught", "valid passed", "diagnosed (own entry withheld)"):
        t.add_column(col)
    rows = table(verdicts)
    for r in rows:
        rate = f"{r['diagnosed']}/{r['mistakes_caught']}" if r["mistakes_caught"] else "-"
        t.add_row(r["assignment"], r["exercise"], f"{r['mistakes_caught']}/{r['mistakes']}",
                  f"{r['valid_passed']}/{r['valid']}", rate)
    console.print(t)
    failed = [v for v in verdicts if not v.ok]
    for v in failed:
        from rich.markup import escape

        console.print(f"[red]✘ {escape(v.variant.id)}: {escape(v.detail)}[/red]")
    total_m = sum(r["mistakes"] for r in rows)
    total_v = sum(r["valid"] for r in rows)
    caught = sum(r["mistakes_caught"] for r in rows)
    diagnosed = sum(r["diagnosed"] for r in rows)
    console.print(f"mistakes caught {caught}/{total_m}, "
                  f"valid variants passed {sum(r['valid_passed'] for r in rows)}/{total_v}, "
                  f"caught mistakes diagnosed with their own entry withheld {diagnosed}/{caught}"
                  + (f" ({100 * diagnosed / caught:.0f} %)" if caught else ""))
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "entries": [
            {"id": v.variant.id, "ok": v.ok, "detail": v.detail, "score": v.score, "max_score": v.max_score,
             "cause": v.cause}
            for v in verdicts]}, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if not failed else 1
