"""HTML feedback page for one graded submission (self-contained: inline CSS, charts as data-URI images).

Everything that comes from the submission (messages quoting values, cell
output, tracebacks) is HTML-escaped, and the page carries a Content-Security-Policy
that allows no script and no network access (images only from ``data:``), so a
page can be opened safely by the instructor and the student.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from . import i18n, scoring

#: Characters of a cell's output shown on the page.
MAX_OUTPUT_CHARS = 4000

_CSS = """
body{font-family:system-ui,-apple-system,"Noto Sans CJK JP","Hiragino Sans",sans-serif;margin:2em auto;max-width:60em;
color:#222;line-height:1.45;padding:0 1em}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
.meta{color:#666}.total{font-size:1.3em;font-weight:bold}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.3em .5em;
text-align:left;vertical-align:top}th{background:#f6f6f6}td:first-child{white-space:nowrap}
.ok{color:#2e7d32}.bad{color:#c62828}.pts{white-space:nowrap;text-align:right}
pre{white-space:pre-wrap;word-break:break-word;background:#f8f8f8;padding:.5em;border-radius:4px;margin:0;
font-size:.9em}.warn{background:#fff8e1;border-left:4px solid #f9a825;padding:.5em 1em}
.err{background:#ffebee;border-left:4px solid #c62828;padding:.5em 1em}.todo{color:#8a6d3b}
div.wide{overflow-x:auto}table.sortable th{cursor:pointer}table.sortable th:hover{background:#eee}img.chart{max-width:100%;height:auto}
"""



def status_label(status: str, lang: str) -> str:
    """A report's status in the page's language."""
    return i18n.table("status", lang).get(status, status)

def page(title: str, body: str, lang: str = "ja", script_hashes: tuple = ()) -> str:
    """A complete, self-contained HTML document.  Its Content-Security-Policy allows no network, images
    only from ``data:``, and no script except the inline scripts whose ``sha256-…`` hashes are given
    (the class report's table sorter; feedback pages have none)."""
    scripts = "; script-src " + " ".join(f"'{h}'" for h in script_hashes) if script_hashes else ""
    csp = f"default-src 'none'; img-src data:; style-src 'unsafe-inline'{scripts}"
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def _img(data: bytes, mime: str, alt: str) -> str:
    b64 = base64.b64encode(data).decode("ascii")
    return f'<img class="chart" alt="{html.escape(alt)}" src="data:{mime};base64,{b64}">'


def figure_png(fig, alt: str) -> str:
    """``<img>`` with the matplotlib figure as an inline PNG (the figure is closed)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=96)
    plt.close(fig)
    return _img(buf.getvalue(), "image/png", alt)


def figure_svg(fig, alt: str) -> str:
    """``<img>`` with the matplotlib figure as an inline SVG (the figure is closed)."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="svg")
    plt.close(fig)
    return _img(buf.getvalue(), "image/svg+xml", alt)


def score_chart(report, lang: str = "ja") -> str:
    """Horizontal bars: each exercise's score against its maximum (PNG ``<img>``), '' without exercises."""
    if not report.exercises:
        return ""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    exs = list(report.exercises)[::-1]
    fig, ax = plt.subplots(figsize=(6.4, 0.38 * len(exs) + 0.9))
    names = [e.grade_id for e in exs]
    ax.barh(names, [e.max_score for e in exs], color="#e0e0e0", label="max")
    ax.barh(names, [e.score for e in exs], color=["#4c9f70" if e.passed else "#d9534f" for e in exs],
            label="score")
    for k, e in enumerate(exs):
        ax.text(e.max_score, k, f" {e.score:g}/{e.max_score:g}", va="center", fontsize=8)
    ax.set_xlim(0, max(e.max_score for e in exs) * 1.25 or 1)
    ax.set_xlabel("points")
    ax.spines[["top", "right"]].set_visible(False)
    return figure_png(fig, i18n.table("feedback", lang)["chart"])


def render_html(report, lang: str = "ja") -> str:
    """The feedback page of ``report`` (a :class:`autograder.results.GradeReport`) as a string."""

    t = i18n.table("feedback", lang)
    e = html.escape
    who = f" — {e(report.student)}" if report.student else ""
    out = [f"<h1>{e(report.assignment)} / {e(report.notebook)}{who}</h1>",
           f'<p class="total">{t["total"]}: {report.score:g} / {report.max_score:g}</p>',
           f'<p class="meta">{t["time"]} {report.execution_time:.1f} s · device {e(report.device)} · '
           f'isolation {e(report.isolation)} · {t["status"]} {e(status_label(getattr(report, "status", "graded"), lang))}'
           "</p>"]
    if report.problems:
        out.append(f'<div class="warn"><b>{t["problems"]}</b><ul>' +
                   "".join(f"<li><pre>{e(p.render(lang))}</pre></li>" for p in report.problems) + "</ul></div>")
    if report.grader_error:
        out.append(f'<div class="err"><b>{t["grader"]}</b><pre>{e(report.grader_error.render(lang))}</pre></div>')
    bad_cells = report.failed_cells
    if bad_cells:  # first: a cell that failed to run explains many test failures below
        out.append(f'<div class="err"><b>{t["cells"]}</b>')
        for c in bad_cells:
            err = c.error or {}
            tb = str(err.get("traceback") or "")
            if tb.strip() == f"{err.get('ename', '')}: {err.get('evalue', '')}".strip():
                tb = ""  # the headline already says it (a SyntaxError has no frames)
            body = "\n".join(x for x in (c.stdout[-MAX_OUTPUT_CHARS:], c.stderr[-MAX_OUTPUT_CHARS:],
                                         tb[-MAX_OUTPUT_CHARS:]) if x.strip())
            out.append(f"<p><b>{e(c.headline(lang))}</b></p>" + (f"<pre>{e(body)}</pre>" if body else ""))
        out.append("</div>")
    if report.not_implemented_line(lang):
        out.append(f'<p class="todo">{e(report.not_implemented_line(lang))}</p>')
    try:
        chart = score_chart(report, lang)
    except Exception:  # noqa: BLE001 - the table below carries the same numbers
        chart = ""
    if chart:
        out.append(f"<h2>{t['chart']}</h2>{chart}")
    for ex in report.exercises:
        cls = "ok" if ex.passed else "bad"
        out.append(f'<h2 id="{e(ex.grade_id)}">{e(ex.grade_id)} <span class="{cls}">{ex.score:g} / '
                   f"{ex.max_score:g}</span></h2>")
        if not ex.tests:
            continue
        if ex.not_implemented:  # a stub: one line, not one row per hidden test
            out.append(f'<p class="todo">⏳ {t["todo"]}</p>')
            continue
        rows = []
        for c in ex.tests:
            label = t[c.status] if c.status in ("passed", "excused") else t["failed"]
            mark = f'<span class="{"ok" if c.credited else "bad"}">{scoring.mark(c.status)} {label}</span>'
            text = c.message.render(lang) if c.message else ""
            rows.append(f"<tr><td>{mark}</td><td>{e(c.label(lang))}</td><td class=\"pts\">{c.score:g} / {c.max_score:g}"
                        f"</td><td>{'<pre>' + e(text) + '</pre>' if text else ''}</td></tr>")
        out.append(f"<table><tr><th></th><th>{t['test']}</th><th>{t['points']}</th><th>{t['message']}</th></tr>"
                   + "".join(rows) + "</table>")
    if report.figures:  # the student's own plots, as saved in the notebook (checked PNG, never executed)
        out.append(f"<h2>{t['figures']}</h2>")
        for f in report.figures:
            out.append(f'<p class="meta">{t["cell"]} [{int(f["number"])}]</p>'
                       f'<img class="chart" alt="{t["cell"]} {int(f["number"])}" '
                       f'src="data:image/png;base64,{e(str(f["png"]))}">')
    if report.exercises and all(x.passed for x in report.exercises) and not report.grader_error:
        out.append(f'<p class="ok">{t["none"]}</p>')
    if report.isolation == "basic":
        out.append(f'<p class="meta">{t["basic_note"]}</p>')
    return page(f"{report.assignment} {report.notebook} {report.student}".strip(), "\n".join(out), lang)


def write_html(path, report, lang: str = "ja") -> Path:
    """Write the feedback page of ``report`` to ``path`` (atomically); returns the path."""
    from .results import write_atomic

    path = Path(path)
    write_atomic(path, render_html(report, lang))
    return path
