"""The class summary of a batch: per-exercise pass rates, score histogram, slowest submissions,
failures by kind.  Plain data (:class:`ClassSummary`), printed with rich, saved as JSON and HTML."""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Optional

from . import i18n
from .messages import msg
from .feedback import status_label

#: Number of bins of the total-score histogram.
HIST_BINS = 10
#: Slowest submissions listed.
SLOWEST = 5


@dataclass(frozen=True)
class ExerciseStat:
    """Item analysis of one exercise over the class.

    ``discrimination``: the Pearson correlation of the exercise's score with the rest of the total
    (the corrected item-total correlation of classical test theory); None below 3 graded
    submissions or without variance.  ``causes``: ((title_en, title_ja, students), ...) of the
    catalogued mistakes the diagnosis named, most common first; ``failing_tests``:
    ((description_en, description_ja, students), ...), stubs not counted; ``not_implemented``:
    submissions that left the exercise as the released stub."""

    grade_id: str
    max_score: float
    submissions: int
    full_marks: int
    mean_score: float
    discrimination: Optional[float] = None
    causes: tuple = ()
    failing_tests: tuple = ()
    not_implemented: int = 0

    @property
    def pass_rate(self) -> float:
        return self.full_marks / self.submissions if self.submissions else 0.0


@dataclass(frozen=True)
class ClassSummary:
    """Everything the end-of-batch summary shows (plain data; ``to_dict`` is ``summary.json``)."""

    assignment: str
    submissions: int
    max_score: float
    mean_score: float
    median_score: float
    exercises: tuple = ()
    histogram: tuple = ()  # ((lo, hi, count), ...)
    slowest: tuple = ()  # ((student, seconds), ...)
    failures_by_kind: tuple = ()  # ((kind, count), ...) over failed tests, plus notebook-level statuses
    statuses: tuple = ()  # ((status, count), ...) of the reports
    timing: dict = field(default_factory=dict)
    #: one row per submission: {"student", "notebook", "score", "max_score", "status", "seconds",
    #: "scores": {grade_id: score}, "feedback": relative link to its HTML page or ""}
    students: tuple = ()
    isolation: str = ""

    def to_dict(self) -> dict:
        d = asdict(self)
        d["exercises"] = [{**asdict(e), "pass_rate": round(e.pass_rate, 4)} for e in self.exercises]
        return d


def _median(xs: list[float]) -> float:
    if not xs:
        return 0.0
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def _correlation(xs: list[float], ys: list[float]) -> Optional[float]:
    """Pearson's r (``statistics.correlation``), None when it is undefined (n < 3, no variance)."""
    import statistics

    if len(xs) < 3:
        return None
    try:
        return round(statistics.correlation(xs, ys), 2)
    except statistics.StatisticsError:
        return None


def _top(counter: Counter, labels: dict, n: int = 3) -> tuple:
    return tuple((*labels[k], c) for k, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def summarize(reports, timings: Optional[list] = None, links: Optional[list] = None) -> ClassSummary:
    """The summary of ``reports`` (GradeReports); ``timings``: their ``_timing`` records, if any;
    ``links``: the feedback page of each report, relative to where the summary page is written."""
    from .results import exercise_maxima

    reports = list(reports)
    maxes = exercise_maxima(reports)
    ids = list(maxes)
    # one population for every figure of a row: all submissions except those the grader failed on
    # (a file that is not a notebook is a real 0 of the student's; a grader failure is ours)
    graded = [r for r in reports if getattr(r, "status", "graded") != "grader_error"]
    stats = []
    for gid in ids:
        got = [e for r in graded for e in r.exercises if e.grade_id == gid]
        mine = [next((e.score for e in r.exercises if e.grade_id == gid), 0.0) for r in graded]
        rest = [r.score - x for r, x in zip(graded, mine)]
        causes, tests, labels = Counter(), Counter(), {}
        for e in got:
            seen_causes, seen_tests = set(), set()
            for t in e.tests:
                cause = (t.detail or {}).get("cause") if not t.credited else None
                if cause and cause.get("id") not in seen_causes:
                    seen_causes.add(cause.get("id"))
                    causes[cause.get("id")] += 1
                    labels[cause.get("id")] = (str(cause.get("en", "")), str(cause.get("ja", "")))
                if not t.credited and t.kind != "not_implemented" and t.name not in seen_tests:
                    seen_tests.add(t.name)
                    tests[t.name] += 1
                    d = t.description
                    labels[t.name] = (d.en, d.ja) if d else (t.name, t.name)
        stats.append(ExerciseStat(gid, maxes[gid], len(got), sum(1 for e in got if e.passed),
                                  round(sum(e.score for e in got) / len(got), 4) if got else 0.0,
                                  _correlation(mine, rest), _top(causes, labels), _top(tests, labels),
                                  sum(1 for e in got if e.not_implemented)))
    max_score = max((r.max_score for r in reports), default=0.0)
    scores = [r.score for r in reports]
    hist = []
    if max_score > 0:
        width = max_score / HIST_BINS
        counts = [0] * HIST_BINS
        for s in scores:
            counts[min(HIST_BINS - 1, int(s / width + 1e-9))] += 1
        hist = [(round(k * width, 4), round((k + 1) * width, 4), c) for k, c in enumerate(counts)]
    slow = sorted(((r.student or r.notebook, round(r.execution_time, 3)) for r in reports), key=lambda x: -x[1])
    kinds: Counter = Counter()
    for r in reports:
        for e in r.exercises:
            for t in e.tests:
                if not t.credited:
                    kinds[t.kind or t.status or "failed"] += 1
        for c in r.cells:
            if c.status in ("timeout", "crashed"):
                kinds[f"cell_{c.status}"] += 1
    statuses = Counter(getattr(r, "status", "graded") for r in reports)
    timing: dict = {}
    ts = [t for t in (timings or []) if t]
    if ts:
        spawned = [t for t in ts if t.get("spawns", 1)]  # a file that is not a notebook starts no worker
        timing = {"graded_now": len(ts)}
        if spawned:
            timing["mean_wall_s"] = round(sum(t.get("wall_s", 0.0) for t in spawned) / len(spawned), 2)
            timing.update({
                "mean_spawn_s": round(sum(t.get("spawn_s", 0.0) / max(1, t.get("spawns", 1)) for t in spawned)
                                      / len(spawned), 3),
                "peak_worker_rss_mib": round(max(t.get("worker_maxrss_kb", 0) for t in spawned) / 1024, 1)})
        timing["peak_grader_rss_mib"] = round(max(t.get("grader_maxrss_kb", 0) for t in ts) / 1024, 1)
    links = list(links or [])
    students = tuple({"student": r.student or r.notebook, "notebook": r.notebook, "score": r.score,
                      "max_score": r.max_score, "status": getattr(r, "status", "graded"),
                      "seconds": round(r.execution_time, 1), "scores": {e.grade_id: e.score for e in r.exercises},
                      "feedback": links[k] if k < len(links) and links[k] else ""}
                     for k, r in enumerate(reports))
    assignment = next((r.assignment for r in reports if r.assignment and r.assignment != "?"), "?")
    isolation = ", ".join(sorted({r.isolation for r in reports}))
    return ClassSummary(assignment, len(reports), max_score, round(sum(scores) / len(scores), 4) if scores else 0.0,
                        _median(scores), tuple(stats), tuple(hist), tuple(slow[:SLOWEST]),
                        tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
                        tuple(sorted(statuses.items())), timing, students, isolation)


def kind_label(kind: str, lang: str) -> str:
    return i18n.table("kind", lang).get(kind, kind)


def _labels(lang: str) -> dict:
    return i18n.table("report", lang)


def _pair(en: str, ja: str, lang: str) -> str:
    return msg(en, ja or None).render(lang)


def text_summary(s: ClassSummary, lang: str = "ja") -> str:
    """The summary as plain text (the terminal, logs, benchmark output), labels in ``lang``."""
    L = _labels(lang)
    lines = [f"{L['title']}: {s.assignment}, {s.submissions} {L['subs']}, {L['mean']} {s.mean_score:.1f}/"
             f"{s.max_score:g}, {L['median']} {s.median_score:.1f}"]
    lines.append(f"  {L['per']} / {L['disc']}:")
    for e in s.exercises:
        disc = f"{e.discrimination:+.2f}" if e.discrimination is not None else L["none"]
        cause = f"  {e.causes[0][2]}× {_pair(e.causes[0][0], e.causes[0][1], lang)}" if e.causes else ""
        lines.append(f"    {e.grade_id:<28} {100 * e.pass_rate:5.1f}%  ({e.full_marks}/{e.submissions}, "
                     f"{L['mean']} {e.mean_score:.1f}/{e.max_score:g}, {L['disc']} {disc}){cause}")
    lines.append(f"  {L['hist']}:")
    peak = max((c for _, _, c in s.histogram), default=0) or 1
    for lo, hi, c in s.histogram:
        lines.append(f"    {lo:6.1f}-{hi:6.1f} | {'#' * max(0, round(30 * c / peak))} {c}")
    lines.append(f"  {L['slowest']}: " + ", ".join(f"{n} {t:.1f}s" for n, t in s.slowest))
    lines.append(f"  {L['kinds']} ({L['tests_n']}): " +
                 (", ".join(f"{kind_label(k, lang)} ({k}) {c}" for k, c in s.failures_by_kind) or "-"))
    if any(k != "graded" for k, _ in s.statuses):
        lines.append(f"  {L['status']}: " + ", ".join(f"{status_label(k, lang)} {c}" for k, c in s.statuses))
    if s.timing:
        tl = i18n.table("timing", lang)
        lines.append(f"  {L['timing']} ({L['isolation']} {s.isolation}): " +
                     ", ".join(f"{tl.get(k, k)} {v}" for k, v in s.timing.items()))
    return "\n".join(lines)


def print_summary(s: ClassSummary, lang: str = "ja") -> None:
    from rich.console import Console

    Console(soft_wrap=True).print(text_summary(s, lang), markup=False, highlight=False)


#: The only script of the summary page: sorts the students table by a clicked column (numbers
#: numerically).  The page's Content-Security-Policy allows exactly this script, by its hash.
SORT_SCRIPT = """document.querySelectorAll("table.sortable th").forEach(function (th, col) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], rows = Array.from(body.rows);
    var down = th.dataset.dir !== "desc"; th.dataset.dir = down ? "desc" : "asc";
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? x.localeCompare(y) : nx - ny;
      return down ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});"""


def _script_hash(script: str) -> str:
    import base64
    import hashlib

    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def summary_html(s: ClassSummary, lang: str = "ja") -> str:
    """The class report an instructor opens: a sortable per-student table linking to each feedback
    page, item analysis per exercise (pass rate, mean points, discrimination, the most common
    diagnosed mistakes and failing tests), the score histogram, the slowest submissions, failures by
    kind and timing.  Self-contained (inline SVG charts), labels in one language, figures rounded."""
    from .feedback import figure_svg, page

    L = _labels(lang)
    e = html.escape

    def cell(text, value=None, cls=""):
        v = text if value is None else value
        klass = f' class="{cls}"' if cls else ""
        return f'<td data-v="{e(str(v))}"{klass}>{text}</td>'

    parts = [f"<h1>{e(s.assignment)}: {L['title']}</h1>",
             f'<p class="total">{s.submissions} {L["subs"]} · {L["mean"]} {s.mean_score:.1f} / {s.max_score:g} · '
             f'{L["median"]} {s.median_score:.1f}</p>',
             f'<p class="meta">{L["isolation"]}: {e(s.isolation)}</p>']
    ids = [x.grade_id for x in s.exercises]
    head = "".join(f"<th>{e(h)}</th>" for h in [L["student"], L["total"], *ids, L["status"], L["seconds"]])
    rows = []
    for st in s.students:
        name = e(st["student"])
        link = f'<a href="{e(st["feedback"])}">{name}</a>' if st["feedback"] else name
        per = "".join(cell(f"{st['scores'].get(g, 0):g}", st["scores"].get(g, 0),
                           "ok" if st["scores"].get(g, 0) >= next(x.max_score for x in s.exercises
                                                                   if x.grade_id == g) - 1e-9 else "bad")
                      for g in ids)
        total = f"{st['score']:g} / {st['max_score']:g}"
        seconds = f"{st['seconds']:.1f}"
        rows.append(f"<tr>{cell(link, st['student'])}{cell(total, st['score'], 'pts')}"
                    f"{per}{cell(e(status_label(st['status'], lang)), st['status'])}{cell(seconds, st['seconds'])}</tr>")
    parts.append(f"<h2>{L['students']}</h2><p class=\"meta\">{L['sort']}</p>"
                 f'<div class="wide"><table class="sortable" id="students"><thead><tr>{head}</tr></thead><tbody>'
                 f'{"".join(rows)}</tbody></table></div>')
    items = []
    for x in s.exercises:
        causes = "<br>".join(f"{c}× {e(_pair(en, ja, lang))}" for en, ja, c in x.causes) or L["none"]
        tests = "<br>".join(f"{c}× {e(_pair(en, ja, lang))}" for en, ja, c in x.failing_tests) or L["none"]
        disc = f"{x.discrimination:+.2f}" if x.discrimination is not None else L["none"]
        items.append(f"<tr><td>{e(x.grade_id)}</td><td class=\"pts\">{100 * x.pass_rate:.0f}%</td>"
                     f"<td class=\"pts\">{x.mean_score:.1f} / {x.max_score:g}</td><td class=\"pts\">{disc}</td>"
                     f"<td>{causes}</td><td>{tests}</td><td class=\"pts\">{x.not_implemented}</td></tr>")
    parts.append(f"<h2>{L['items']}</h2><p class=\"meta\">{L['disc']}: {L['disc_note']}</p><table><tr>"
                 + "".join(f"<th>{h}</th>" for h in (L["exercise"], L["pass"], L["points"], L["disc"], L["causes"],
                                                      L["tests"], L["todo"]))
                 + "</tr>" + "".join(items) + "</table>")
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        if s.exercises:
            fig, ax = plt.subplots(figsize=(6, 0.35 * len(s.exercises) + 1))
            ax.barh(ids[::-1], [100 * x.pass_rate for x in s.exercises][::-1], color="#4c9f70")
            ax.set_xlim(0, 100)
            ax.set_xlabel("%")  # the heading and alt text carry the words, in the page's language
            parts.append(figure_svg(fig, L["rate"]))
        if s.histogram:
            fig, ax = plt.subplots(figsize=(6, 2.5))
            ax.bar([(lo + hi) / 2 for lo, hi, _ in s.histogram], [c for _, _, c in s.histogram],
                   width=(s.histogram[0][1] - s.histogram[0][0]) * 0.9, color="#3b6ea8")
            parts.append(f"<h2>{L['hist']}</h2>" + figure_svg(fig, L["hist"]))
    except Exception:  # noqa: BLE001 - charts are a bonus; the tables have the numbers
        pass
    parts.append(f"<table><tr><th>{L['score']}</th><th>{L['count']}</th></tr>" +
                 "".join(f"<tr><td>{lo:.1f} – {hi:.1f}</td><td class=\"pts\">{c}</td></tr>"
                         for lo, hi, c in s.histogram) + "</table>")
    parts.append(f"<h2>{L['slowest']}</h2><table>" + "".join(
        f"<tr><td>{e(n)}</td><td class=\"pts\">{t:.1f} s</td></tr>" for n, t in s.slowest) + "</table>")
    parts.append(f"<h2>{L['kinds']} ({L['tests_n']})</h2><table>" + ("".join(
        f"<tr><td>{e(kind_label(k, lang))}</td><td class=\"pts\">{c}</td></tr>" for k, c in s.failures_by_kind)
        or f"<tr><td>{L['none']}</td></tr>") + "</table>")
    if s.timing:
        tl = i18n.table("timing", lang)
        parts.append(f"<h2>{L['timing']}</h2><table>" + "".join(
            f"<tr><td>{e(tl.get(k, k))}</td><td class=\"pts\">{v:g}</td></tr>" for k, v in s.timing.items())
            + "</table>")
    parts.append(f"<script>{SORT_SCRIPT}</script>")
    return page(f"{s.assignment} {L['title']}", "\n".join(parts), lang, script_hashes=(_script_hash(SORT_SCRIPT),))
