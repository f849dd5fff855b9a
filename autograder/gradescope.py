"""Gradescope: build an autograder bundle, and run inside it.

``autograder gradescope ASSIGNMENT -o autograder.zip`` writes the zip Gradescope's "Upload
Autograder" expects (https://gradescope-autograders.readthedocs.io/en/latest/specs/): at its root
``setup.sh`` (run once when Gradescope builds the image) and ``run_autograder`` (run for every
submission), plus what grading needs and nothing a student should see in a feedback: the engine and
hidden suites (``autograder/``), the references (``solutions/``), the student package (``student/``,
imported by the worker), the released notebook of ``ASSIGNMENT`` (its locked cells) and the locked
requirements (``requirements.lock``).

Gradescope unpacks the zip into ``/autograder/source``, puts the student's files into
``/autograder/submission`` and reads ``/autograder/results/results.json``.  ``run_autograder`` calls
:func:`run`, which always writes a ``results.json`` -- also when no notebook was submitted or the
grader failed (then with the reason, never a silent zero).  The bundle holds the references, so the
student's code runs under ``--isolation strict`` by default (see :func:`build_bundle`).
"""
from __future__ import annotations

import argparse
import os
import stat
import sys
import zipfile
from pathlib import Path
from typing import Optional

from . import i18n
from .notebook import REPO_ROOT

#: The root Gradescope lays out (``source/``, ``submission/``, ``results/``); tests point elsewhere.
DEFAULT_ROOT = Path("/autograder")

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image (Ubuntu base image).
set -euo pipefail
cd /autograder/source
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3.11 python3.11-venv bubblewrap libseccomp2 >/dev/null   # bubblewrap: --isolation strict
python3.11 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet --upgrade pip
/autograder/venv/bin/pip install --quiet -r requirements.lock        # the locked versions, as make installs them
/autograder/venv/bin/pip install --quiet --no-deps ./student .
/autograder/venv/bin/pip check
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: /autograder/submission -> /autograder/results/results.json
ROOT="${{GRADESCOPE_ROOT:-/autograder}}"
PY="${{AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}}"
[ -x "$PY" ] || PY=python3
export MPLBACKEND=Agg
cd "$ROOT/source"
exec "$PY" -m autograder.gradescope run --root "$ROOT" --assignment {assignment} --lang {lang} --isolation {isolation}
"""

#: What goes into the bundle besides setup.sh and run_autograder (paths relative to the repository).
_TOP = ("autograder", "solutions", "student", "pyproject.toml", "README.md", "requirements.lock")
_SKIP = ("__pycache__", ".pytest_cache", ".ipynb_checkpoints")


def _files(root: Path, assignment: str):
    """Everything grading needs, and only this assignment's suite, catalogue and reference: a bundle
    rebuilt with ``--isolation basic`` then exposes one chapter's references, not five."""
    from .suites import assignment_ids

    others = {a for a in assignment_ids(root / "autograder" / "suites") if a != assignment}
    for top in _TOP:
        base = root / top
        paths = [base] if base.is_file() else sorted(base.rglob("*"))
        for p in paths:
            rel = p.relative_to(root)
            if not p.is_file() or p.suffix == ".pyc" or any(part in _SKIP or part.endswith(".egg-info")
                                                            for part in rel.parts):
                continue
            if rel.parts[:2] in {("autograder", "suites")} and len(rel.parts) > 2 and rel.parts[2] in others:
                continue
            if rel.parts[0] == "solutions" and p.stem in others:
                continue
            yield p, rel.as_posix()
    for p in sorted((root / "release" / assignment).glob("*.ipynb")):
        yield p, p.relative_to(root).as_posix()


def build_bundle(assignment: str, out: Path, *, lang: str = "ja", isolation: str = "strict",
                 root: Path = REPO_ROOT) -> Path:
    """Write the Gradescope autograder zip for ``assignment`` to ``out``; returns ``out``.

    ``isolation`` is what ``run_autograder`` grades with.  ``strict`` (default) keeps the references
    and suites out of the student's sight inside the container (bubblewrap, a slot user); when the
    container cannot run it, every submission gets a results.json that says so (an infrastructure
    failure, never a zero for the student).  ``basic`` works in any container, but the student's
    code can then read the references that the bundle holds.

    Raises:
        ValueError: ``assignment`` has no hidden suite or no released notebook.
    """
    from .suites import assignment_ids

    if assignment not in assignment_ids(root / "autograder" / "suites"):
        raise ValueError(f"unknown assignment {assignment!r}; use one of {', '.join(assignment_ids())}")
    if not any((root / "release" / assignment).glob("*.ipynb")):
        raise ValueError(f"no released notebook in release/{assignment}/; run `make notebooks` first")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", RUN_AUTOGRADER.format(assignment=assignment,
                                                                                            lang=lang,
                                                                                            isolation=isolation))):
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            z.writestr(info, text)
        for path, arc in _files(root, assignment):
            z.write(path, arc)
    os.replace(tmp, out)
    return out


def find_notebook(submission: Path, assignment: str, root: Path = REPO_ROOT) -> Optional[Path]:
    """The submitted notebook: the one named like the released notebook if present, else the only
    ``.ipynb`` (checkpoints ignored); None when there is none or the choice is ambiguous."""
    found = sorted(p for p in submission.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    names = {p.name for p in (root / "release" / assignment).glob("*.ipynb")}
    named = [p for p in found if p.name in names]
    if len(named) == 1:
        return named[0]
    return found[0] if len(found) == 1 else None


def run(root: Path, assignment: str, lang: str = "ja", isolation: Optional[str] = None) -> int:
    """Grade ``root/submission`` and write ``root/results/results.json`` (always).  Exit 1 (and a
    results.json that says so, scoring nothing) when the run cannot be configured here."""
    from .results import write_json
    from .runconfig import ConfigError, RunConfig

    try:
        config = RunConfig.resolve(device="cpu", isolation=isolation, lang=lang)
    except ConfigError as exc:  # ours, not the student's: say so, score nothing
        write_json(Path(root) / "results" / "results.json", {"score": 0.0, "tests": [], "output": (
            i18n.text("gradescope", "environment", lang, error=exc))})
        print(f"autograder: error: {exc}", file=sys.stderr)
        return 1

    results = Path(root) / "results" / "results.json"
    nb = find_notebook(Path(root) / "submission", assignment)
    if nb is None:
        names = ", ".join(sorted(p.name for p in (REPO_ROOT / "release" / assignment).glob("*.ipynb")))
        text = i18n.text("gradescope", "no_notebook", lang, names=names)
        write_json(results, {"score": 0.0, "output": text, "tests": []})
        return 0
    try:
        from .engine import grade_path

        report = grade_path(nb, config.with_hidden(Path(root) / "results"), assignment=assignment)
        data = report.gradescope(lang)
    except Exception as exc:  # noqa: BLE001 - Gradescope needs a results.json; the reason goes in it
        data = {"score": 0.0, "tests": [],
                "output": i18n.text("gradescope", "internal", lang, error=f"{type(exc).__name__}: {exc}")}
    write_json(results, data)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m autograder.gradescope")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="grade /autograder/submission into /autograder/results/results.json")
    r.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    r.add_argument("--assignment", required=True)
    r.add_argument("--lang", choices=i18n.LANGS, default=i18n.DEFAULT)
    r.add_argument("--isolation", choices=("basic", "strict"), default=None,
                   help="default: the run configuration's (strict)")
    args = ap.parse_args(argv)
    return run(args.root, args.assignment, args.lang, args.isolation)


if __name__ == "__main__":
    sys.exit(main())
