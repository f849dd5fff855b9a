"""``autograder demo``: the main job on the embedded default course.

Builds an nbgrader course directory from this repository's source notebooks
(``nbgrader generate_assignment``), fabricates a small class (a correct
submission, the released stubs, and realistic wrong ones taken from the
catalogue of mistakes), grades it through the batch path, prints the class
table and checks that every submission got the grade it should: full marks,
zero, or full marks minus exactly the exercise its mistake breaks.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

from . import catalogue
from .batch import GradeTask, grade_tasks, write_class_outputs
from .notebook import REPO_ROOT
from .release import make_course, run_nbgrader
from .validity import variant_notebook


#: A file ``autograder demo`` leaves in the course it builds: only such a folder is rebuilt without ``--force``.
DEMO_MARKER = ".autograder-demo"


def out_dir_refusal(out: Path, *, force: bool) -> str:
    """Why ``autograder demo`` must not delete ``out`` ('' when it may): a folder that exists, is not
    empty and was not made by the demo is never deleted without ``--force``."""
    if force or not out.exists():
        return ""
    if not out.is_dir():
        return f"--out {out} is a file, not a folder; choose another --out"
    if (out / DEMO_MARKER).is_file() or not any(out.iterdir()):
        return ""
    return (f"--out {out} is not empty and was not made by `autograder demo`; the demo deletes and rebuilds "
            "its folder. Choose another --out, or pass --force to delete it")


def fabricate(course: Path, assignment: str, n_wrong: int = 4) -> list[tuple[str, Path, str]]:
    """Write submissions under ``course/submitted``; returns (student, notebook, expectation)."""
    release = sorted((course / "release" / assignment).glob("*.ipynb"))[0]
    source = sorted((REPO_ROOT / "source" / assignment).glob("*.ipynb"))[0]
    subs = []

    def put(student: str, nb_path: Path, expect: str) -> None:
        d = course / "submitted" / student / assignment
        d.mkdir(parents=True, exist_ok=True)
        shutil.copy(nb_path, d / release.name)
        (d / "timestamp.txt").write_text("2026-11-29 12:00:00.000000 UTC\n")
        subs.append((student, d / release.name, expect))

    put("correct", source, "full")
    put("stubs", release, "zero")
    seen = set()
    tmp = course / ".demo-variants"
    for v in catalogue.load(assignment):
        if v.kind != "mistake" or v.exercise in seen:
            continue
        seen.add(v.exercise)
        put(f"wrong-{v.exercise}", variant_notebook(assignment, v, tmp), f"lose:{v.exercise}")
        if len(seen) >= n_wrong:
            break
    return subs


def expected_ok(report, expect: str) -> bool:
    if report.grader_error is not None:
        return False
    if expect == "full":
        return report.score == report.max_score and report.max_score > 0
    if expect == "zero":
        return report.score == 0
    ex = expect.split(":", 1)[1]
    return all(e.passed == (e.grade_id != ex) for e in report.exercises)


def run_demo(args) -> int:
    from rich.console import Console

    from .tables import print_class_table
    from .runconfig import from_args

    console = Console(width=None if sys.stdout.isatty() else 160)
    out = Path(args.out).resolve()
    config = from_args(args, hidden=(out,))  # before anything is built: ConfigError exits 1 or 2
    refusal = out_dir_refusal(out, force=getattr(args, "force", False))
    if refusal:
        print(f"autograder: error: {refusal}", file=sys.stderr)
        return 2
    if out.exists():
        shutil.rmtree(out)
    console.print(f"[bold]1/3[/bold] building the course in {out} (nbgrader generate_assignment {args.assignment})")
    course = make_course(out, [args.assignment])
    (course / DEMO_MARKER).write_text("made by `autograder demo`; it may delete and rebuild this folder\n",
                                      encoding="utf-8")
    run_nbgrader(course, "generate_assignment", args.assignment, "--force")
    subs = fabricate(course, args.assignment)
    console.print(f"[bold]2/3[/bold] grading {len(subs)} submissions: " + ", ".join(s for s, _, _ in subs))
    results = course / "autograder_results" / args.assignment
    console.print(f"      ({config.describe()})")
    tasks = [GradeTask(str(p), args.assignment, s, config,
                       str(results / s / f"{p.stem}.report.json"), str(results / s / f"{p.stem}.results.json"),
                       str(results / s / f"{p.stem}.html"))
             for s, p, _ in subs]
    reports = grade_tasks(tasks, workers=args.workers, force=True)
    write_class_outputs(course, args.assignment, results, tasks, reports, args.lang)  # as `autograder batch` does
    console.print("[bold]3/3[/bold] class table")
    print_class_table(reports, args.lang)
    bad = []
    for (student, _, expect), r in zip(subs, reports):
        ok = expected_ok(r, expect)
        label = {"full": "full marks", "zero": "0"}.get(expect, f"loses only {expect.split(':', 1)[-1]}")
        console.print(f"  {'[green]✔[/green]' if ok else '[red]✘[/red]'} {student}: {r.score:g}/{r.max_score:g} "
                      f"(expected: {label})")
        if not ok:
            bad.append(student)
    console.print(f"results: {results} (summary.html, grades.csv, <student>/<notebook>.html and .results.json in "
                  "Gradescope format; grades in the course's gradebook.db)")
    if bad:
        console.print(f"[red]demo: {len(bad)} submission(s) not graded as expected: {', '.join(bad)}[/red]")
        return 1
    console.print("[green]demo: every submission graded as expected[/green]")
    return 0
