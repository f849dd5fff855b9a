"""Command line: ``autograder grade | batch | demo | validity | gradescope | export``.

Exit codes: 0 when grading ran (whatever the score), 1 when the grader itself
failed (or, for ``validity``, when a catalogue check is below 100 %), 2 for bad usage.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__, i18n

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep that, with our hint
        self.print_usage(sys.stderr)
        print(f"autograder: error: {message} (see `autograder {self.prog.split()[-1]} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _common(p: argparse.ArgumentParser, *, isolation: bool = True) -> None:
    from .runconfig import add_arguments  # stdlib + the sandbox's leaf modules: --help stays instant

    add_arguments(p, isolation=isolation)
    p.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT, help=f"feedback language (default: {i18n.DEFAULT})")


def _assignments() -> list[str]:
    from .suites import assignment_ids  # stdlib only: --help and usage errors stay instant

    try:
        return assignment_ids()
    except OSError:
        return []


def _sub(sub, name: str, summary: str, description: str, examples: str) -> argparse.ArgumentParser:
    ids = ", ".join(_assignments())
    return sub.add_parser(name, help=summary, description=f"{summary}.\n\n{description}",
                          epilog=f"assignments: {ids}\n\nexamples:\n{examples}",
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def build_parser() -> argparse.ArgumentParser:
    ids = ", ".join(_assignments())
    ap = _Parser(prog="autograder", description="Grade 生成モデル入門 notebooks with hidden pytest suites.",
                 epilog=f"assignments: {ids}\n\nexamples:\n  autograder grade my_vae.ipynb --lang en\n"
                        "  autograder batch ch2_vae --course COURSE\n  autograder demo --out demo-course\n"
                        "  autograder validity --assignment ch4_diffusion\n"
                        "  autograder gradescope ch2_vae -o autograder.zip\n"
                        "  autograder export ch2_vae --course COURSE --format canvas\n\n"
                        "Run `autograder COMMAND --help` for each command's options.",
                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"autograder {__version__}")
    sub = ap.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    g = _sub(sub, "grade", "grade one notebook",
             "Runs the notebook's code in a separate worker process, the hidden tests of its assignment in this\n"
             "process, and prints a table of exercises, tests, points and messages. Exit code 0 when grading\n"
             "ran (whatever the score), 1 when the grader itself failed, 2 for bad usage.",
             "  autograder grade my_vae.ipynb\n"
             "  autograder grade my_vae.ipynb --lang en --json results.json --html feedback.html\n"
             "  autograder grade notebook.ipynb --assignment ch4_diffusion")
    g.add_argument("notebook", type=Path, help="the .ipynb file to grade (a released notebook you filled in)")
    g.add_argument("--assignment", metavar="ID",
                   help="assignment id (default: from the notebook's metadata or its folder name)")
    g.add_argument("--json", type=Path, metavar="FILE", help="also write Gradescope's results.json here")
    g.add_argument("--report", type=Path, metavar="FILE",
                   help="also write the full report (our JSON, with the instructor-only fields) here")
    g.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML feedback page here")
    _common(g)

    b = _sub(sub, "batch", "grade every submission of an assignment in an nbgrader course directory",
             "Grades COURSE/submitted/<student>/ASSIGNMENT/*.ipynb in parallel and writes, under --out:\n"
             "<student>/<notebook>.results.json (Gradescope), .report.json, .html, grades.csv, summary.json and\n"
             "summary.html, and the grades into COURSE/gradebook.db. A rerun regrades only new or changed\n"
             "submissions (or everything after a change to the suites or references).",
             "  autograder batch ch2_vae --course COURSE\n"
             "  autograder batch ch2_vae --course COURSE --isolation basic --workers 2\n"
             "  autograder batch ch4_diffusion --course COURSE --scheduler tcp://scheduler:8786")
    b.add_argument("assignment", metavar="ASSIGNMENT", help=f"the assignment id ({ids})")
    b.add_argument("--course", type=Path, default=Path("."), metavar="DIR",
                   help="nbgrader course directory holding submitted/ (default: the current folder)")
    b.add_argument("--out", type=Path, metavar="DIR",
                   help="results folder (default: COURSE/autograder_results/ASSIGNMENT)")
    b.add_argument("--force", action="store_true", help="regrade every submission, also unchanged ones")
    b.add_argument("--workers", type=int, default=0, metavar="N",
                   help="parallel grader processes (default: the number of cores)")
    b.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786) to distribute the batch over a cluster")
    b.add_argument("--no-gradebook", action="store_true",
                   help="do not write the grades into the course's nbgrader gradebook.db")
    _common(b)

    d = _sub(sub, "demo", "build a demo course, fabricate submissions, grade them, print the class table",
             "Builds an nbgrader course in --out from this repository (nbgrader generate_assignment), writes a\n"
             "correct submission, the released stubs and catalogued mistakes, grades them (--isolation strict unless asked) and\n"
             "checks each grade; writes the class report (summary.html) and the course's gradebook.\n"
             "--out is deleted and rebuilt: a non-empty folder that the demo did not make is refused unless --force.",
             "  autograder demo\n  autograder demo --out /tmp/demo --assignment ch4_diffusion --lang en")
    d.add_argument("--out", type=Path, default=Path("demo-course"), metavar="DIR",
                   help="folder for the demo course (default: demo-course)")
    d.add_argument("--force", action="store_true", help="delete --out even if the demo did not make it")
    d.add_argument("--assignment", default="ch2_vae", metavar="ID", help=f"assignment to demo (default: ch2_vae; {ids})")
    d.add_argument("--workers", type=int, default=0, metavar="N",
                   help="parallel grader processes (default: the number of cores)")
    _common(d)

    gs = _sub(sub, "gradescope", "build the Gradescope autograder zip of an assignment",
              "Writes setup.sh, run_autograder, the engine and hidden suites, the references, the student package,\n"
              "the released notebook and requirements.lock into one zip for Gradescope's \"Upload Autograder\".\n"
              "run_autograder grades /autograder/submission into /autograder/results/results.json.",
              "  autograder gradescope ch2_vae -o autograder.zip\n  autograder gradescope ch4_diffusion -o ch4.zip --lang en")
    gs.add_argument("assignment", metavar="ASSIGNMENT", help=f"the assignment id ({ids})")
    gs.add_argument("-o", "--out", type=Path, default=Path("autograder.zip"), metavar="ZIP",
                    help="where to write the zip (default: autograder.zip)")
    gs.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT, help=f"feedback language (default: {i18n.DEFAULT})")
    gs.add_argument("--isolation", choices=("basic", "strict"), default="strict",
                    help="how run_autograder isolates the student's code (default strict: the bundle holds the "
                         "references; basic lets the student's code read them)")

    x = _sub(sub, "export", "export a batch's grades as a CSV that Canvas or Moodle imports",
             "Reads the results that `autograder batch` wrote (COURSE/autograder_results/ASSIGNMENT/) and writes\n"
             "one row per student: Canvas' gradebook import layout (Student, ID, SIS User ID, SIS Login ID,\n"
             "Section, a Points Possible row) or Moodle's grade import layout (Username, then grade items).\n"
             "nbgrader's own `nbgrader export` stays available beside it.",
             "  autograder export ch2_vae --course COURSE --format canvas -o canvas.csv\n"
             "  autograder export ch2_vae --course COURSE --format moodle -o moodle.csv")
    x.add_argument("assignment", metavar="ASSIGNMENT", help=f"the assignment id ({ids})")
    x.add_argument("--course", type=Path, default=Path("."), metavar="DIR",
                   help="the nbgrader course directory (default: the current folder)")
    x.add_argument("--per-exercise", action="store_true",
                   help="also one column per exercise (import them into zero-weight assignments, or Canvas counts "
                        "the points twice)")
    x.add_argument("--results", type=Path, metavar="DIR",
                   help="the batch's results folder (default: COURSE/autograder_results/ASSIGNMENT)")
    x.add_argument("--format", choices=("canvas", "moodle"), default="canvas", help="the LMS layout (default: canvas)")
    x.add_argument("-o", "--out", type=Path, default=None, metavar="CSV",
                   help="where to write the CSV (default: RESULTS/<format>.csv)")

    v = _sub(sub, "validity", "grade the catalogue of mistakes and valid variants; table per exercise",
             "Every catalogued mistake must lose points on its exercise only, and every valid variant must get\n"
             "full marks. Exit code 1 when either is below 100 %.",
             "  autograder validity\n  autograder validity --assignment ch2_vae --json validity.json")
    v.add_argument("--assignment", action="append", metavar="ID", help="assignment id (repeatable; default: all)")
    v.add_argument("--workers", type=int, default=0, metavar="N",
                   help="parallel grader processes (default: the number of cores)")
    v.add_argument("--json", type=Path, metavar="FILE", help="write the per-entry results here")
    _common(v)
    return ap


def _path_error(path: Path, lang: str) -> str:
    """Why ``path`` cannot be graded ('' when it is a readable file): checked before torch is imported."""
    if not path.exists():
        return i18n.text("cli", "missing_path", lang, path=path)
    if path.is_dir():
        return i18n.text("cli", "folder_path", lang, path=path)
    return ""


def _output_error(path: Path, lang: str) -> str:
    """Why an output file (``--json``, ``--report``, ``--html``) cannot be written ('' when it can):
    checked before grading, so a typo never costs a grading and never ends in a traceback."""
    import os

    folder = path.parent if str(path.parent) else Path(".")
    existing = next((p for p in [folder, *folder.parents] if p.exists()), None)
    if path.is_dir():
        return i18n.text("cli", "output_is_folder", lang, path=path)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK) \
            or str(existing).startswith(("/proc", "/sys")):
        return i18n.text("cli", "output_unwritable", lang, path=path)
    return ""


def cmd_grade(args) -> int:
    problem = _path_error(args.notebook, args.lang)  # at once: no torch import for a typo in the path
    for out in (args.json, args.report, args.html):
        problem = problem or (_output_error(out, args.lang) if out is not None else "")
    if problem:
        print(f"autograder: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from .engine import grade_path
    from .notebook import known_assignments
    from .runconfig import from_args
    from .results import write_json

    if args.assignment is not None and args.assignment not in known_assignments():
        print(f"autograder: error: unknown assignment {args.assignment!r}; use one of "
              f"{', '.join(known_assignments())}", file=sys.stderr)
        return EXIT_USAGE
    config = from_args(args)  # ConfigError: main() prints it and exits 1 (strict unavailable) or 2
    report = grade_path(args.notebook, config, assignment=args.assignment)
    from .tables import print_report

    print_report(report, args.lang)
    written = []
    if args.json:
        write_json(args.json, report.gradescope(args.lang))
        written.append(str(args.json))
    if args.report:
        write_json(args.report, report.to_dict())
        written.append(str(args.report))
    if args.html:
        from .feedback import write_html
        write_html(args.html, report, args.lang)
        written.append(str(args.html))
    if written:
        print(i18n.text("cli", "wrote", args.lang, files=", ".join(written)))
    return EXIT_FAIL if report.status == "grader_error" else EXIT_OK


def cmd_batch(args) -> int:
    """``autograder batch`` (see ``autograder batch --help``).  Raises ConfigError (main() prints it
    and exits 1 or 2) when the run cannot be configured."""
    import time

    from .batch import find_submissions, grade_tasks, is_unchanged, make_tasks, write_class_outputs
    from .runconfig import from_args
    course = Path(args.course)
    from .suites import assignment_ids

    if args.assignment not in assignment_ids():
        print(f"autograder: error: unknown assignment {args.assignment!r}; use one of "
              f"{', '.join(assignment_ids())}", file=sys.stderr)
        return 2
    if not course.is_dir():
        print(f"autograder: error: the course folder {course} does not exist; pass --course with the nbgrader "
              "course directory (the folder holding nbgrader_config.py and submitted/)", file=sys.stderr)
        return 2
    subs = find_submissions(course, args.assignment)
    if not subs:
        print(f"autograder: error: no submissions found in {course / 'submitted'}/<student>/{args.assignment}/; "
              "collect them first (nbgrader collect / zip_collect) or pass --course", file=sys.stderr)
        return 2
    scheduler = getattr(args, "scheduler", None)
    out = Path(args.out) if args.out else course / "autograder_results" / args.assignment
    # resolved once, here; on a cluster each Dask worker settles it (its device, its strict probe)
    config = from_args(args, hidden=(course, out), here=not scheduler)
    tasks = make_tasks(course, args.assignment, out, config)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    kept = set() if args.force else {i for i, t in enumerate(tasks) if is_unchanged(t)}
    unchanged = len(kept)
    start = time.monotonic()
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), transient=False) as progress:
        bar = progress.add_task(f"grading {args.assignment}", total=len(tasks))
        if scheduler:
            from .distributed import grade_tasks_dask
            reports = grade_tasks_dask(tasks, scheduler, force=args.force,
                                       on_done=lambda t, r: progress.advance(bar))
        else:
            reports = grade_tasks(tasks, workers=args.workers, force=args.force,
                                  on_done=lambda t, r: progress.advance(bar))
    wall = time.monotonic() - start
    summary = write_class_outputs(course, args.assignment, out, tasks, reports, args.lang, kept,
                                  gradebook=not getattr(args, "no_gradebook", False))
    from . import report as class_report
    from .tables import print_class_table

    print_class_table(reports, args.lang)
    class_report.print_summary(summary, args.lang)
    print(i18n.text("cli", "batch_done", args.lang, n=len(reports), graded=len(reports) - unchanged, kept=unchanged,
                    seconds=f"{wall:.1f}", out=out))
    return 0


def cmd_demo(args) -> int:
    from .demo import run_demo

    return run_demo(args)


def cmd_gradescope(args) -> int:
    from .gradescope import build_bundle

    try:
        out = build_bundle(args.assignment, args.out, lang=args.lang, isolation=args.isolation)
    except ValueError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB): upload it as the assignment's autograder on Gradescope")
    return EXIT_OK


def cmd_export(args) -> int:
    from .lms import export_csv

    try:
        out, n = export_csv(args.assignment, args.course, args.format, args.results, args.out, args.per_exercise)
    except ValueError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {out}: {n} students ({args.format})")
    return EXIT_OK


def cmd_validity(args) -> int:
    from .validity import run_validity

    return run_validity(args)


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    handler = {"grade": cmd_grade, "batch": cmd_batch, "demo": cmd_demo, "validity": cmd_validity,
               "gradescope": cmd_gradescope, "export": cmd_export}[args.command]
    from .runconfig import ConfigError

    try:
        return handler(args)
    except ConfigError as exc:  # resolved once per command, before anything is graded
        print(f"autograder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("autograder: interrupted", file=sys.stderr)
        return EXIT_FAIL


if __name__ == "__main__":
    raise SystemExit(main())
