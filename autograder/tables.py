"""Terminal writers: one graded notebook (``autograder grade``) and a class (``batch``, ``demo``) as
rich tables.  A leaf module: the commands (:mod:`autograder.cli`, :mod:`autograder.demo`) import it;
nothing below them does."""
from __future__ import annotations

import sys

from . import scoring


def print_report(report, lang: str) -> None:
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
            colour = "green" if t.credited else "red"
            mark = f"[{colour}]{scoring.mark(t.status)}[/{colour}]"
            table.add_row(f"  {mark} {escape(t.label(lang))}", f"{t.score:g} / {t.max_score:g}",
                          escape(t.message.render(lang)) if t.message else "")
    console.print(table)
    if any(t.status == "excused" for ex in report.exercises for t in ex.tests):
        console.print("[dim]" + ("↪ = 誤差の繰り越しで加点（値はあなた自身の前の関数と一致。間違いはその課題で採点）" if ja else
                                 "↪ = credited by error carried forward (your value follows your own earlier "
                                 "functions; the mistake is graded in their exercise)") + "[/dim]")
    where = f"({report.execution_time:.1f} s, device {report.device}, isolation {report.isolation})"
    if report.status == "grader_error":  # no score to read: the grader failed, not the notebook
        console.print(f"[bold red]{'採点されていません（採点システムのエラー）' if ja else 'Not graded (grader error)'}"
                      f"[/bold red]  {where}")
        return
    console.print(f"[bold]{'合計' if ja else 'Total'}: {report.score:g} / {report.max_score:g}[/bold]  {where}")
    if report.isolation == "basic" and report.status == "graded":
        console.print("[dim]" + ("isolation basic: 学生のコードは時間・メモリ制限付きの別プロセスで実行されました"
                                 "（セキュリティ境界ではありません）。" if ja else
                                 "isolation basic: student code ran in a separate process with time and memory "
                                 "limits; this is not a security boundary.") + "[/dim]")


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
