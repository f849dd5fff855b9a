"""Shared helpers for our own tests."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
AUTOGRADER = str(Path(sys.executable).with_name("autograder"))


def make_notebook(dest: Path, replacements: dict[str, str], base: str = "source/ch2_vae/vae.ipynb",
                  name: str = "vae.ipynb", extra_cells: tuple = ()) -> Path:
    """A copy of ``base`` with the cells whose grade_id is a key replaced by the given source, and
    ``extra_cells`` (sources) appended as student-added code cells."""
    nb = copy.deepcopy(nbformat.read(REPO / base, as_version=4))
    found = set()
    for cell in nb.cells:
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in replacements:
            cell.source = replacements[gid]
            found.add(gid)
    missing = set(replacements) - found
    assert not missing, f"no cells {missing} in {base}"
    for src in extra_cells:
        nb.cells.append(nbformat.v4.new_code_cell(src))
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / name
    nbformat.write(nb, path)
    return path


#: For tests whose fixture grades many submissions at once (a catalogue subset, a corpus, a class).
#: pytest-timeout's one bound would cover all those gradings, and fail on a loaded machine although no
#: grading hangs (issue 15.5: 111 errors from one fixture's 600 s), so it is off for them.  Each grading
#: keeps its own hang guard: the pool kills a grading past ``autograder.batch.grading_seconds()``
#: (``tests/test_batch.py`` tests that guard), and the student's code has its own, smaller limits inside.
many_gradings = pytest.mark.timeout(0)


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real ``autograder`` console script."""
    return subprocess.run([AUTOGRADER, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO)


@pytest.fixture
def repo() -> Path:
    return REPO


def run_cells(sources: dict, assignment: str, select: list) -> list:
    """The hidden suite of ``assignment``, its tests ``select`` (pytest ``-k`` terms), run on a notebook
    given as its cells (index -> source) under basic isolation, in English; the outcomes (no suite errors)."""
    from autograder.engine import run_suite
    from autograder.proxy import Session
    from autograder.runconfig import Limits, RunConfig

    session = Session(sources, RunConfig(isolation="basic", lang="en", limits=Limits(call_seconds=10)),
                      assignment=assignment)
    try:
        outcomes, errors = run_suite(session, assignment, device="cpu", lang="en", select=select)
    finally:
        session.close()
    assert not errors, errors
    return outcomes
