"""The class summary of a batch: per-exercise pass rates, score histogram, slowest submissions,
failures by kind.  Plain data (:class:`ClassSummary`), printed with rich, saved as JSON and HTML."""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Optional

#: Number of bins of the total-score histogram.
HIST_BINS = 10
#: Slowest submissions listed.
SLOWEST = 5


@dataclass(frozen=True)
class ExerciseStat:
    grade_id: str
    max_score: float
    submissions: int
    full_marks: int
    mean_score: float

    @property
    def pass_rate(self) -> float:
        return self.full_marks / self.submissions if self.submissions else 0.0


@dataclass(frozen=True)
class ClassSummary:
    """Everything the end-of-batch summary shows (plain data)."""

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


def summarize(reports, timings: Optional[list] = None) -> ClassSummary:
    """The summary of ``reports`` (GradeReports); ``timings``: their ``_timing`` records, if any."""
    reports = list(reports)
    ids: list[str] = []
    maxes: dict[str, float] = {}
    for r in reports:
        for e in r.exercises:
            if e.grade_id not in ids:
                ids.append(e.grade_id)
            maxes[e.grade_id] = max(maxes.get(e.grade_id, 0.0), e.max_score)
    stats = []
    for gid in ids:
        got = [e for r in reports for e in r.exercises if e.grade_id == gid]
        stats.append(ExerciseStat(gid, maxes[gid], len(got), sum(1 for e in got if e.passed),
                                  round(sum(e.score for e in got) / len(got), 4) if got else 0.0))
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
                if t.status != "passed":
                    kinds[t.kind or t.status or "failed"] += 1
        for c in r.cells:
            if c.status in ("timeout", "crashed"):
                kinds[f"cell_{c.status}"] += 1
    statuses = Counter(getattr(r, "status", "graded") for r in reports)
    timing: dict = {}
    ts = [t for t in (timings or []) if t]
    if ts:
        walls = [t.get("wall_s", 0.0) for t in ts]
        timing = {"graded_now": len(ts), "mean_wall_s": round(sum(walls) / len(walls), 3),
                  "mean_spawn_s": round(sum(t.get("spawn_s", 0.0) for t in ts) / len(ts), 4),
                  "peak_worker_rss_mib": round(max(t.get("worker_maxrss_kb", 0) for t in ts) / 1024, 1),
                  "peak_grader_rss_mib": round(max(t.get("grader_maxrss_kb", 0) for t in ts) / 1024, 1)}
    assignment = next((r.assignment for r in reports if r.assignment and r.assignment != "?"), "?")
    return ClassSummary(assignment, len(reports), max_score, round(sum(scores) / len(scores), 4) if scores else 0.0,
                        _median(scores), tuple(stats), tuple(hist), tuple(slow[:SLOWEST]),
                        tuple(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
                        tuple(sorted(statuses.items())), timing)


_KIND_LABELS = {
    "en": {"student_error": "raised an exception", "timeout": "too slow / hung", "crash": "killed the worker",
           "missing": "function missing", "output": "unusable return value", "mismatch": "wrong value",
           "shape": "wrong shape", "dtype": "wrong dtype", "nonfinite": "NaN/inf",
           "failed": "failed", "error": "test error", "cell_timeout": "notebook cell hung",
           "cell_crashed": "notebook cell crashed"},
    "ja": {"student_error": "例外が発生", "timeout": "時間超過", "crash": "ワーカーを停止", "missing": "関数が未定義",
           "output": "戻り値が不正", "mismatch": "値が誤り", "shape": "形状が誤り", "dtype": "dtype が誤り",
           "nonfinite": "NaN/inf", "failed": "不合格", "error": "テストエラー",
           "cell_timeout": "セルが終了しない", "cell_crashed": "セルがクラッシュ"},
}


def kind_label(kind: str, lang: str) -> str:
    return _KIND_LABELS.get(lang, _KIND_LABELS["en"]).get(kind, kind)


def text_summary(s: ClassSummary, lang: str = "ja") -> str:
    """The summary as plain text (logs, benchmark output)."""
    ja = lang == "ja"
    lines = [f"{'クラス集計' if ja else 'class summary'}: {s.assignment}, {s.submissions} "
             f"{'件' if ja else 'submissions'}, {'平均' if ja else 'mean'} {s.mean_score:g}/{s.max_score:g}, "
             f"{'中央値' if ja else 'median'} {s.median_score:g}"]
    lines.append("  " + ("課題ごとの満点率" if ja else "per-exercise pass rate (full marks)") + ":")
    for e in s.exercises:
        lines.append(f"    {e.grade_id:<28} {100 * e.pass_rate:5.1f}%  ({e.full_marks}/{e.submissions}, "
                     f"{'平均' if ja else 'mean'} {e.mean_score:g}/{e.max_score:g})")
    lines.append("  " + ("得点分布" if ja else "score histogram") + ":")
    peak = max((c for _, _, c in s.histogram), default=0) or 1
    for lo, hi, c in s.histogram:
        lines.append(f"    {lo:6.1f}-{hi:6.1f} | {'#' * max(0, round(30 * c / peak))} {c}")
    lines.append("  " + ("時間のかかった提出" if ja else "slowest submissions") + ": " +
                 ", ".join(f"{n} {t:.1f}s" for n, t in s.slowest))
    lines.append("  " + ("失敗の種類" if ja else "failures by kind") + ": " +
                 (", ".join(f"{kind_label(k, lang)} ({k}) {c}" for k, c in s.failures_by_kind) or "-"))
    if any(k != "graded" for k, _ in s.statuses):
        lines.append("  " + ("状態" if ja else "status") + ": " + ", ".join(f"{k} {c}" for k, c in s.statuses))
    if s.timing:
        lines.append("  timing: " + ", ".join(f"{k} {v}" for k, v in s.timing.items()))
    return "\n".join(lines)


def print_summary(s: ClassSummary, lang: str = "ja") -> None:
    from rich.console import Console

    Console(soft_wrap=True).print(text_summary(s, lang), markup=False, highlight=False)


def summary_html(s: ClassSummary, lang: str = "ja") -> str:
    """A self-contained HTML page with the summary and its charts (inline SVG from matplotlib)."""
    from .feedback import figure_svg, page

    ja = lang == "ja"
    parts = [f"<h1>{html.escape(s.assignment)}: {'クラス集計' if ja else 'class summary'}</h1>",
             f"<p>{s.submissions} {'件' if ja else 'submissions'} · {'平均' if ja else 'mean'} "
             f"{s.mean_score:g} / {s.max_score:g} · {'中央値' if ja else 'median'} {s.median_score:g}</p>"]
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        if s.exercises:
            fig, ax = plt.subplots(figsize=(6, 0.35 * len(s.exercises) + 1))
            names = [e.grade_id for e in s.exercises][::-1]
            ax.barh(names, [100 * e.pass_rate for e in s.exercises][::-1], color="#4c9f70")
            ax.set_xlim(0, 100)
            ax.set_xlabel("full marks (%)")
            parts.append(figure_svg(fig, "per-exercise pass rate"))
        if s.histogram:
            fig, ax = plt.subplots(figsize=(6, 2.5))
            ax.bar([(lo + hi) / 2 for lo, hi, _ in s.histogram], [c for _, _, c in s.histogram],
                   width=(s.histogram[0][1] - s.histogram[0][0]) * 0.9, color="#3b6ea8")
            ax.set_xlabel("score")
            ax.set_ylabel("submissions")
            parts.append(figure_svg(fig, "score histogram"))
    except Exception:  # noqa: BLE001 - charts are a bonus; the table below has the numbers
        pass
    parts.append("<pre>" + html.escape(text_summary(s, lang)) + "</pre>")
    return page(f"{s.assignment} summary", "\n".join(parts), lang)
