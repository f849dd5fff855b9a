"""nbgrader integration: grade with our hidden suites inside ``nbgrader autograde``.

``SuiteGrader`` replaces nbgrader's ``Execute`` preprocessor (see
``nbgrader_config.py``).  Student code runs only in our worker (never in
nbgrader's kernel, which would run as the instructor with access to
everything).  Afterwards:

- every executed cell gets the outputs the worker captured (stdout, stderr,
  errors), so the autograded notebook and its feedback show them;
- every grade cell gets exactly two outputs: a stdout stream with the test
  feedback and an ``execute_result`` whose text is the score, which nbgrader's
  ``determine_grade`` reads as partial credit.  A grade cell the suite could not
  evaluate gets an ``error`` output (score 0) that says why — nbgrader would
  otherwise give FULL credit to a grade cell without output (case C12);
- student stderr never reaches a grade cell, so a warning cannot zero a
  correct answer (case C13).
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Enum, Float, Unicode

from . import i18n, scoring
from .messages import msg
from .notebook import NotebookError, prepare
from .results import GradeReport
from .runconfig import DEFAULT_ISOLATION, ConfigError, RunConfig
from .sandbox import Limits


def _grade_cell_outputs(report: GradeReport, grade_id: str, lang: str) -> list:
    try:
        ex = report.exercise(grade_id)
    except KeyError:
        reason = (report.grader_error.render(lang) if report.grader_error else
                  msg(f"no hidden tests for {grade_id}", f"{grade_id} の隠しテストがありません").render(lang))
        return [nbformat.v4.new_output("error", ename="AutograderError", evalue=reason[:2000],
                                       traceback=[reason[:4000]])]
    lines = [f"{ex.grade_id}: {ex.score:g} / {ex.max_score:g}"]
    if ex.not_implemented:  # a stub: one line, not one per hidden test
        lines.append("⏳ " + msg("not implemented yet", "まだ実装されていません").render(lang))
    for t in () if ex.not_implemented else ex.tests:
        lines.append(f"{scoring.mark(t.status)} {t.label(lang)} ({t.score:g}/{t.max_score:g})")
        if t.message:
            lines.extend("    " + line for line in t.message.render(lang).splitlines())
    if not ex.tests:
        reason = report.grader_error.render(lang) if report.grader_error else "no test ran"
        return [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
                nbformat.v4.new_output("error", ename="AutograderError", evalue=reason[:2000],
                                       traceback=[reason[:4000]])]
    return [nbformat.v4.new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": repr(float(ex.score))},
                                   execution_count=1)]


def _cell_outputs(run) -> list:
    outs = []
    if run.stdout:
        outs.append(nbformat.v4.new_output("stream", name="stdout", text=run.stdout))
    if run.stderr:
        outs.append(nbformat.v4.new_output("stream", name="stderr", text=run.stderr))
    if run.error:
        outs.append(nbformat.v4.new_output("error", ename=str(run.error.get("ename", "Error")),
                                           evalue=str(run.error.get("evalue", "")),
                                           traceback=str(run.error.get("traceback", "")).splitlines()))
    return outs


def apply_report(nb, prepared_nb, report: GradeReport, lang: str) -> None:
    """Write the worker's cell outputs and the grade cells' scores into ``nb`` (in place)."""
    runs = {}
    for run in report.cells:
        if 0 <= run.index < len(prepared_nb.cells):
            cell = prepared_nb.cells[run.index]
            runs[cell.get("id") or ("#", run.index)] = run
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            cell.outputs = _grade_cell_outputs(report, meta.get("grade_id", ""), lang)
            cell.execution_count = 1
            continue
        run = runs.get(cell.get("id") or ("#", i))
        if run is not None:
            cell.outputs = _cell_outputs(run)
            cell.execution_count = None


#: SuiteGrader's resolved run configurations (or why they cannot be), by trait values: per process.
_RESOLVED: dict = {}


class SuiteGrader(NbGraderPreprocessor):
    """Grade the notebook with ``autograder/suites/<assignment>/`` (replaces nbgrader's Execute)."""

    isolation = Enum(["basic", "strict"], default_value=DEFAULT_ISOLATION,
                     help="worker isolation level (strict, the default, needs root and bubblewrap; basic is "
                          "not a security boundary)").tag(config=True)
    device = Enum(["auto", "cpu", "cuda"], default_value="auto", help="where student code runs").tag(config=True)
    lang = Enum(list(i18n.LANGS), default_value=i18n.DEFAULT, help="feedback language").tag(config=True)
    limits = Unicode("", help="worker limits, name=value,... (see autograder grade --help)").tag(config=True)
    call_timeout = Float(Limits.call_seconds, help="seconds per call into student code").tag(config=True)
    cell_timeout = Float(Limits.cell_seconds, help="seconds per notebook cell").tag(config=True)
    warm = Bool(True, help="fork workers from a warm template (False: every worker cold)").tag(config=True)
    reports_dir = Unicode("", help="also write each full report (our JSON) to DIR/<student>/<notebook>.report.json"
                          ).tag(config=True)
    assignment_override = Unicode("", help="grade as this assignment (default: nbgrader's assignment id)"
                                  ).tag(config=True)

    def run_config(self) -> RunConfig:
        """The run configuration, resolved once per process from the traits (nbgrader makes a new
        preprocessor for every notebook; the outcome, a configuration or its ConfigError, is kept).

        Raises:
            ConfigError: the run cannot be configured (strict unavailable, no GPU for cuda, bad
                limits).  nbgrader then removes that submission's autograded copy, goes on to the
                next (each fails at once the same way) and exits 1: nothing is graded, no grade is
                written, nothing is blamed on a student, and a rerun grades them all.
        """
        key = (self.device, self.isolation, self.lang, self.limits, self.call_timeout, self.cell_timeout, self.warm)
        if key not in _RESOLVED:
            try:
                limits = Limits.parse(f"call_seconds={self.call_timeout:g},cell_seconds={self.cell_timeout:g}",
                                      Limits.parse(self.limits))
                _RESOLVED[key] = RunConfig.resolve(device=self.device, isolation=self.isolation, lang=self.lang,
                                                   limits=limits, warm=self.warm)
            except (ConfigError, ValueError) as exc:
                _RESOLVED[key] = exc if isinstance(exc, ConfigError) else ConfigError(str(exc))
        out = _RESOLVED[key]
        if isinstance(out, ConfigError):
            self.log.error("autograder: nothing can be graded with this configuration: %s", out)
            raise out
        return out

    def preprocess(self, nb, resources):
        from .engine import grade_submission
        from .sandbox import course_paths

        config = self.run_config()  # before any submission is touched
        info = resources.get("nbgrader", {})
        assignment = self.assignment_override or info.get("assignment", "")
        name = f"{info.get('notebook', 'notebook')}.ipynb"
        student = str(info.get("student", ""))
        try:
            submission = prepare(nb, assignment, name, [])
        except NotebookError as exc:
            report = GradeReport(assignment, name, student, grader_error=exc.message)
            apply_report(nb, nb, report, self.lang)
            return nb, resources
        self.log.info("autograder: grading %s/%s for %s with the hidden suite (%s)", assignment, name,
                      student, config.describe())
        nb_dir = Path(resources.get("metadata", {}).get("path") or ".")
        report = grade_submission(submission, config, student=student, hidden=course_paths(nb_dir / name))
        apply_report(nb, submission.nb, report, self.lang)
        self.log.info("autograder: %s scored %g / %g", student, report.score, report.max_score)
        out_dir = self.reports_dir
        if out_dir:
            from .results import write_json
            write_json(Path(out_dir) / student / f"{Path(name).stem}.report.json", report.to_dict())
        return nb, resources
