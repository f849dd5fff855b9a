"""The course is consistent: notebooks generated from solutions/, releases from nbgrader,
no leaks, points agree with the hidden suites, every exercise has its catalogue."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder import catalogue
from autograder.notebook import known_assignments
from autograder.release import generate_release

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENTS = [a for a in known_assignments() if (REPO / "source" / a).is_dir()]


def _grade_cells(nb) -> dict[str, float]:
    out = {}
    for c in nb.cells:
        meta = c.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            out[meta["grade_id"]] = float(meta["points"])
    return out


def _solution_regions(nb) -> list[str]:
    regions = []
    for c in nb.cells:
        for m in re.finditer(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", c.source, re.S):
            regions.append(m.group(1))
    return regions


class _Collector:
    def __init__(self):
        self.items = []

    def pytest_collection_modifyitems(self, items):
        for item in items:
            pm, gm = item.get_closest_marker("points"), item.get_closest_marker("grade_id")
            self.items.append((item.nodeid, float(pm.args[0]) if pm else None, gm.args[0] if gm else None))


def suite_points(assignment: str) -> list[tuple]:
    import pytest as _pytest

    from autograder.plugin import MARKERS

    col = _Collector()

    class _Markers:
        def pytest_configure(self, config):
            for line in MARKERS:
                config.addinivalue_line("markers", line)

    suites = REPO / "autograder" / "suites"
    code = _pytest.main([str(suites / assignment), "-c", str(suites / "pytest.ini"), "--rootdir",
                         str(suites / assignment), "--collect-only", "-p", "no:terminal"],
                        plugins=[col, _Markers()])
    assert int(code) == 0, f"collecting the {assignment} suite failed (exit {int(code)})"
    return col.items


def test_there_is_a_course():
    assert "ch2_vae" in ASSIGNMENTS


def test_source_notebooks_are_generated_from_solutions():
    proc = subprocess.run([sys.executable, str(REPO / "tools" / "build_notebooks.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_what_nbgrader_generates(assignment):
    generated = generate_release(assignment)
    assert generated, f"nbgrader released nothing for {assignment}"
    for name, text in generated.items():
        committed = REPO / "release" / assignment / name
        assert committed.exists(), f"{committed} missing: run python tools/release.py {assignment}"
        assert committed.read_text(encoding="utf-8") == text, \
            f"{committed} differs from nbgrader generate_assignment: run python tools/release.py {assignment}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_leaks_no_solution_and_no_hidden_test(assignment):
    for src_path in sorted((REPO / "source" / assignment).glob("*.ipynb")):
        source = nbformat.read(src_path, as_version=4)
        released = (REPO / "release" / assignment / src_path.name).read_text(encoding="utf-8")
        rel_nb = nbformat.reads(released, as_version=4)
        rel_text = "\n".join(c.source for c in rel_nb.cells)
        assert "BEGIN SOLUTION" not in rel_text and "HIDDEN TESTS" not in rel_text
        outside = "\n".join(re.sub(r"### BEGIN SOLUTION\n.*?### END SOLUTION", "", c.source, flags=re.S)
                            for c in source.cells)
        for region in _solution_regions(source):
            for line in region.splitlines():
                s = line.strip()
                if len(s) >= 12 and not s.startswith("#") and s not in outside:
                    assert s not in rel_text, f"solution line leaked into release/{assignment}: {s!r}"
        for test_file in sorted((REPO / "autograder" / "suites" / assignment).glob("test_*.py")):
            for line in test_file.read_text(encoding="utf-8").splitlines():
                s = line.strip()
                if len(s) >= 40 and not s.startswith(("import", "from", "#", '"""', "@pytest")) and s not in outside:
                    assert s not in rel_text, f"hidden test line leaked into release/{assignment}: {s!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_grade_cell_points_equal_suite_points(assignment):
    src = nbformat.read(sorted((REPO / "source" / assignment).glob("*.ipynb"))[0], as_version=4)
    cells = _grade_cells(src)
    items = suite_points(assignment)
    missing = [nodeid for nodeid, pts, gid in items if pts is None or gid is None]
    assert not missing, f"tests without points or grade_id marker: {missing}"
    totals: dict[str, float] = {}
    for _, pts, gid in items:
        totals[gid] = totals.get(gid, 0.0) + pts
    assert set(totals) == set(cells), f"grade cells {sorted(cells)} vs suite grade_ids {sorted(totals)}"
    for gid, pts in cells.items():
        assert totals[gid] == pytest.approx(pts), f"{assignment}/{gid}: grade cell {pts} points, tests {totals[gid]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_its_catalogue(assignment):
    src = nbformat.read(sorted((REPO / "source" / assignment).glob("*.ipynb"))[0], as_version=4)
    entries = catalogue.load(assignment)
    for gid in _grade_cells(src):
        mistakes = [v for v in entries if v.exercise == gid and v.kind == "mistake"]
        valid = [v for v in entries if v.exercise == gid and v.kind == "valid"]
        assert len(mistakes) >= 3, f"{assignment}/{gid}: {len(mistakes)} catalogued mistakes (need >= 3)"
        assert len(valid) >= 2, f"{assignment}/{gid}: {len(valid)} valid variants (need >= 2)"
        for v in mistakes + valid:
            assert v.title.en and v.title.ja and v.title.ja != v.title.en, f"{v.id}: needs title and title_ja"
            if v.kind == "mistake":
                assert v.diagnosis.en and v.diagnosis.ja != v.diagnosis.en, f"{v.id}: needs diagnosis(_ja)"


def test_every_suite_has_a_course_notebook():
    for a in known_assignments():
        assert (REPO / "source" / a).is_dir(), f"suite {a} has no source/{a}/"
        assert (REPO / "release" / a).is_dir(), f"suite {a} has no release/{a}/"
        assert (REPO / "solutions" / f"{a}.py").exists(), f"suite {a} has no solutions/{a}.py"
