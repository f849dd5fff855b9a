"""Command line: ``autograder grade | batch | demo | validity | gradescope | export``.

Exit codes: 0 when grading ran (whatever the score), 1 when the grader itself
failed (or, for ``validity``, when a catalogue check is below 100 %), 2 for bad usage.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep that, with our hint
        self.print_usage(sys.stderr)
        print(f"autograder: error: {message} (see `autograder {self.prog.split()[-1]} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _common(p: argparse.ArgumentParser, *, isolation: bool = True) -> None:
    from .runconfig import add_arguments  # stdlib + the sandbox's leaf modules: --help stays instant

    add_arguments(p, isolation=isolation)
    p.add_argument("--lang", choices=("ja", "en"), default="ja", help="feedback language (default: ja)")


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
    gs.add_argument("--lang", choices=("ja", "en"), default="ja", help="feedback language (default: ja)")
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


def _print_report(report, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    for p in report.problems:
        console.print(f"[yellow]! {escape(p.render(lang))}[/yellow]")
    if report.grader_error:
        console.print(f"[red]{escape(report.grader_error.render(lang))}[/red]")
    ja = lang == "ja"
    if report.status == "invalid_notebook" and not report.exercises:
        return  # the reason above is all there is: no empty "? / 0 / 0" table
    for c in report.failed_cells:  # a cell that failed to run explains many failures below: first
        console.print(f"[red]✘ {escape(c.headline(lang))}[/red]")
    if report.not_implemented_line(lang):
        console.print(escape(report.not_implemented_line(lang)))
    table = Table(title=f"{report.assignment} / {report.notebook}", show_lines=False)
    table.add_column("テスト" if ja else "test", overflow="fold")
    table.add_column("得点" if ja else "points", justify="right", no_wrap=True)
    table.add_column("メッセージ" if ja else "message", overflow="fold")
    for ex in report.exercises:
        if ex.not_implemented:  # a stub: one line, not one row per hidden test
            table.add_row(f"[bold]{ex.grade_id}[/bold]", f"[bold]{ex.score:g} / {ex.max_score:g}[/bold]",
                          "⏳ " + ("まだ実装されていません" if ja else "not implemented yet"))
            continue
        table.add_row(f"[bold]{ex.grade_id}[/bold]", f"[bold]{ex.score:g} / {ex.max_score:g}[/bold]", "")
        for t in ex.tests:
            mark = "[green]✔[/green]" if t.status == "passed" else "[red]✘[/red]"
            table.add_row(f"  {mark} {escape(t.label(lang))}", f"{t.score:g} / {t.max_score:g}",
                          escape(t.message.render(lang)) if t.message else "")
    console.print(table)
    console.print(f"[bold]{'合計' if ja else 'Total'}: {report.score:g} / {report.max_score:g}[/bold]  "
                  f"({report.execution_time:.1f} s, device {report.device}, isolation {report.isolation})")
    if report.isolation == "basic" and report.status == "graded":
        console.print("[dim]" + ("isolation basic: 学生のコードは時間・メモリ制限付きの別プロセスで実行されました"
                                 "（セキュリティ境界ではありません）。" if ja else
                                 "isolation basic: student code ran in a separate process with time and memory "
                                 "limits; this is not a security boundary.") + "[/dim]")


def _print_class_table(reports, lang: str) -> None:
    """One row per submission, one column per exercise."""
    from rich.console import Console
    from rich.table import Table

    from .results import exercise_maxima

    ids = list(exercise_maxima(reports))
    table = Table(title="class")
    table.add_column("student")
    for i in ids:
        table.add_column(i, justify="right")
    table.add_column("total", justify="right")
    table.add_column("note")
    for r in reports:
        per = {e.grade_id: e for e in r.exercises}
        cells = []
        for i in ids:
            e = per.get(i)
            cells.append("" if e is None else (f"[green]{e.score:g}[/green]" if e.passed else f"[red]{e.score:g}[/red]"))
        from rich.markup import escape

        note = escape(r.grader_error.render(lang).splitlines()[0][:80]) if r.grader_error else ""
        table.add_row(r.student, *cells, f"{r.score:g}/{r.max_score:g}", note)
    Console(width=None if sys.stdout.isatty() else 160).print(table)


def _path_error(path: Path, lang: str) -> str:
    """Why ``path`` cannot be graded ('' when it is a readable file): checked before torch is imported."""
    ja = lang == "ja"
    if not path.exists():
        return (f"{path} がありません。.ipynb ファイルのパスを指定してください" if ja else
                f"{path} does not exist; pass the path of a .ipynb file")
    if path.is_dir():
        return (f"{path} はフォルダです。.ipynb ファイルのパスを指定してください（クラス全体は autograder batch）" if ja else
                f"{path} is a folder; pass the path of a .ipynb file (for a whole class: autograder batch)")
    return ""


def _output_error(path: Path, lang: str) -> str:
    """Why an output file (``--json``, ``--report``, ``--html``) cannot be written ('' when it can):
    checked before grading, so a typo never costs a grading and never ends in a traceback."""
    import os

    folder = path.parent if str(path.parent) else Path(".")
    existing = next((p for p in [folder, *folder.parents] if p.exists()), None)
    if path.is_dir():
        why = ("はフォルダです" if lang == "ja" else "is a folder")
    elif existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK) \
            or str(existing).startswith(("/proc", "/sys")):
        why = ("に書き込めません" if lang == "ja" else "cannot be written")
    else:
        return ""
    return f"{path} {why}" + ("。別のパスを指定してください" if lang == "ja" else "; choose another path")


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
    _print_report(report, args.lang)
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
        print(("書き出したファイル: " if args.lang == "ja" else "wrote: ") + ", ".join(written))
    return EXIT_FAIL if report.status == "grader_error" else EXIT_OK


def cmd_batch(args) -> int:
    from .batch import run_batch

    return run_batch(args)


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
