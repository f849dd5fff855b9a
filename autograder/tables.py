"""Terminal writers: one graded notebook (``autograder grade``) and a class (``batch``, ``demo``) as
rich tables.  A leaf module: the commands (:mod:`autograder.cli`, :mod:`autograder.demo`) import it;
nothing below them does."""
from __future__ import annotations

import sys

from . import i18n, scoring


def print_report(report, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    for p in report.problems:
        console.print(f"[yellow]! {escape(p.render(lang))}[/yellow]")
    if report.grader_error:
        console.print(f"[red]{escape(report.grader_error.render(lang))}[/red]")
    t = i18n.table("terminal", lang)
    if report.status == "invalid_notebook" and not report.exercises:
        return  # the reason above is all there is: no empty "? / 0 / 0" table
    for c in report.failed_cells:  # a cell that failed to run explains many failures below: first
        console.print(f"[red]✘ {escape(c.headline(lang))}[/red]")
    if report.not_implemented_line(lang):
        console.print(escape(report.not_implemented_line(lang)))
    table = Table(title=f"{report.assignment} / {report.notebook}", show_lines=False)
    table.add_column(t["test"], overflow="fold")
    table.add_column(t["points"], justify="right", no_wrap=True)
    table.add_column(t["message"], overflow="fold")
    for ex in report.exercises:
        if ex.not_implemented:  # a stub: one line, not one row per hidden test
            table.add_row(f"[bold]{ex.grade_id}[/bold]", f"[bold]{ex.score:g} / {ex.max_score:g}[/bold]",
                          "⏳ " + t["not_implemented"])
            continue
        table.add_row(f"[bold]{ex.grade_id}[/bold]", f"[bold]{ex.score:g} / {ex.max_score:g}[/bold]", "")
        for test in ex.tests:
            colour = "green" if test.credited else "red"
            mark = f"[{colour}]{scoring.mark(test.status)}[/{colour}]"
            table.add_row(f"  {mark} {escape(test.label(lang))}", f"{test.score:g} / {test.max_score:g}",
                          escape(test.message.render(lang)) if test.message else "")
    console.print(table)
    if any(t.status == "excused" for ex in report.exercises for t in ex.tests):
        console.print("[dim]" + t["carried_legend"] + "[/dim]")
    where = f"({report.execution_time:.1f} s, device {report.device}, isolation {report.isolation})"
    if report.status == "grader_error":  # no score to read: the grader failed, not the notebook
        console.print(f"[bold red]{t['not_graded']}[/bold red]  {where}")
        return
    console.print(f"[bold]{t['total']}: {report.score:g} / {report.max_score:g}[/bold]  {where}")
    if report.isolation == "basic" and report.status == "graded":
        console.print("[dim]" + t["basic_note"] + "[/dim]")


def print_class_table(reports, lang: str) -> None:
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
