"""Deploy where courses already grade (issue 15, item 3): the Gradescope bundle run as Gradescope runs
it, the locked install that make, the Dockerfile and the bundle share, and the LMS export."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import nbformat
import pytest

from autograder.messages import msg
from autograder.results import CaseResult, ExerciseScore, GradeReport, write_json
from conftest import REPO, run_cli

#: Gradescope's results.json, as its specification describes it
#: (https://gradescope-autograders.readthedocs.io/en/latest/specs/#output-format).
GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["score", "tests"],
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "required": ["name", "score", "max_score", "status", "output", "visibility"],
            "properties": {
                "name": {"type": "string"}, "score": {"type": "number"}, "max_score": {"type": "number"},
                "status": {"enum": ["passed", "failed"]}, "output": {"type": "string"},
                "visibility": {"enum": ["visible", "hidden", "after_due_date", "after_published"]},
                "extra_data": {"type": "object"}}}},
    },
}


def _strict_available() -> bool:
    from autograder.sandbox.strict import StrictUnavailable, check_available

    try:
        check_available()
        return True
    except StrictUnavailable:
        return False


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    out = tmp_path_factory.mktemp("gs") / "autograder.zip"
    iso = "strict" if _strict_available() else "basic"
    proc = run_cli("gradescope", "ch2_vae", "-o", str(out), "--isolation", iso, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out, iso


def _gradescope_root(tmp_path: Path, bundle_zip: Path) -> Path:
    """A temporary root laid out as Gradescope lays out /autograder."""
    root = tmp_path / "autograder"
    for d in ("source", "submission", "results"):
        (root / d).mkdir(parents=True)
    with zipfile.ZipFile(bundle_zip) as z:
        z.extractall(root / "source")
        for info in z.infolist():  # zipfile drops the mode bits: restore them as unzip would
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, mode & 0o777)
    return root


def _run_autograder(root: Path) -> dict:
    env = dict(os.environ, GRADESCOPE_ROOT=str(root), AUTOGRADER_PYTHON=sys.executable)
    proc = subprocess.run([str(root / "source" / "run_autograder")], capture_output=True, text=True, env=env,
                          timeout=900)
    data = json.loads((root / "results" / "results.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    return {"proc": proc, "data": data}


def test_bundle_holds_what_gradescope_needs_and_no_test_of_ours(bundle):
    names = zipfile.ZipFile(bundle[0]).namelist()
    for required in ("setup.sh", "run_autograder", "requirements.lock", "pyproject.toml",
                     "autograder/suites/ch2_vae/test_gaussian_kl.py", "solutions/ch2_vae.py",
                     "student/genmodels_lab/checks.py", "release/ch2_vae/vae.ipynb"):
        assert required in names, required
    assert not any(n.startswith(("tests/", "source/", ".venv")) or "__pycache__" in n for n in names)
    # one assignment's suite and reference only
    assert not any(n.startswith("release/") and not n.startswith("release/ch2_vae/") for n in names)
    assert not any(n.startswith("autograder/suites/ch") and not n.startswith("autograder/suites/ch2_vae/")
                   for n in names)
    assert [n for n in names if n.startswith("solutions/")] == ["solutions/__init__.py", "solutions/ch2_vae.py"]
    modes = {i.filename: i.external_attr >> 16 for i in zipfile.ZipFile(bundle[0]).infolist()}
    assert modes["run_autograder"] & 0o111 and modes["setup.sh"] & 0o111
    setup = zipfile.ZipFile(bundle[0]).read("setup.sh").decode()
    assert "-r requirements.lock" in setup and "pip check" in setup


def test_run_autograder_in_a_gradescope_layout(bundle, tmp_path):
    root = _gradescope_root(tmp_path, bundle[0])
    nbformat.write(nbformat.read(REPO / "source/ch2_vae/vae.ipynb", as_version=4), root / "submission" / "vae.ipynb")
    out = _run_autograder(root)
    assert out["proc"].returncode == 0, out["proc"].stderr[-2000:]
    data = out["data"]
    assert data["score"] == 29.0 and len(data["tests"]) > 10
    assert all(t["status"] == "passed" and "test_" not in t["name"] for t in data["tests"])
    assert all(t["extra_data"]["test_id"].startswith("test_") for t in data["tests"])


def test_run_autograder_without_a_notebook_says_so(bundle, tmp_path):
    root = _gradescope_root(tmp_path, bundle[0])
    (root / "submission" / "notes.txt").write_text("forgot the notebook", encoding="utf-8")
    data = _run_autograder(root)["data"]
    assert data["score"] == 0 and "vae.ipynb" in data["output"] and data["tests"] == []


@pytest.mark.skipif(not _strict_available(), reason="strict isolation unavailable (root and bubblewrap)")
def test_the_bundles_references_stay_out_of_the_students_sight(bundle, tmp_path):
    """The bundle holds solutions/: under the default strict isolation a submission that looks for
    them and runs them gains nothing."""
    root = _gradescope_root(tmp_path, bundle[0])
    nb = nbformat.read(REPO / "source/ch2_vae/vae.ipynb", as_version=4)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == "gaussian_kl_code":
            c.source = (f"import glob\n\ndef gaussian_kl(mu, logvar):\n"
                        f"    for p in glob.glob({str(root)!r} + '/**/solutions/ch2_vae.py', recursive=True):\n"
                        "        ns = {}\n        exec(open(p).read(), ns)\n        return ns['gaussian_kl'](mu, logvar)\n"
                        "    raise RuntimeError('no reference visible')\n")
    nbformat.write(nb, root / "submission" / "vae.ipynb")
    data = _run_autograder(root)["data"]
    kl = [t for t in data["tests"] if t["name"].startswith("gaussian_kl:")]
    assert kl and all(t["score"] == 0 for t in kl), kl
    assert "no reference visible" in kl[0]["output"]


def test_visibility_marker_reaches_results_json():
    from autograder.plugin import VISIBILITY, visibility_of

    class Item:
        def __init__(self, level):
            self.level = level

        def get_closest_marker(self, name):
            return type("M", (), {"args": (self.level,)})() if name == "visibility" and self.level else None

    assert visibility_of(Item(None)) == "visible" and visibility_of(Item("after_due_date")) == "after_due_date"
    assert set(VISIBILITY) == set(GRADESCOPE_SCHEMA["properties"]["tests"]["items"]["properties"]["visibility"]["enum"])
    t = CaseResult("test_x", "gaussian_kl", 1.0, 1.0, "passed", visibility="hidden")
    data = GradeReport("ch2_vae", "vae.ipynb", "a", (ExerciseScore("gaussian_kl", 1.0, 1.0, (t,)),)).gradescope("en")
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    assert data["tests"][0]["visibility"] == "hidden"


# -- the lock ------------------------------------------------------------------------------------
def _lock() -> dict:
    pins = {}
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"requirements.lock: {line!r} is not pinned with =="
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_lock_pins_every_declared_dependency_at_a_version_it_allows():
    import tomllib

    from packaging.requirements import Requirement

    pins = _lock()
    declared = []
    for pyproject in (REPO / "pyproject.toml", REPO / "student" / "pyproject.toml"):
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        declared += project["dependencies"] + [d for ds in project.get("optional-dependencies", {}).values() for d in ds]
    for spec in declared:
        req = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{req.name} is declared but not in requirements.lock (run make lock)"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} violates {spec}"
    assert pins["torch"] == "2.14.1" and pins["torchvision"] == "0.29.1"


def test_make_dockerfile_and_devcontainer_install_from_the_lock():
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-r requirements.lock" in make and "--no-deps -e './student'" not in make
    assert "--no-deps -e ./student" in make and "pip check" in make
    docker = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "-r requirements.lock" in docker and "--no-deps" in docker and "pip check" in docker
    assert "bubblewrap" in docker and "python:3.11" in docker
    dev = json.loads((REPO / ".devcontainer" / "devcontainer.json").read_text(encoding="utf-8"))
    assert dev["build"]["dockerfile"] == "../Dockerfile"


# -- LMS export --------------------------------------------------------------------------------------
def _results(folder: Path) -> None:
    def rep(student, kl, status="graded"):
        ex = (ExerciseScore("reconstruction_loss", 4.0, 4.0), ExerciseScore("gaussian_kl", kl, 4.0))
        return GradeReport("ch2_vae", "vae.ipynb", student, ex, status=status,
                           grader_error=msg("grader broke") if status == "grader_error" else None)
    for r in (rep("alice", 4.0), rep("bob", 1.5), rep("carol", 0.0, "grader_error")):
        write_json(folder / r.student / "vae.report.json", r.to_dict())


def test_export_canvas_and_moodle_csv(tmp_path):
    results = tmp_path / "course" / "autograder_results" / "ch2_vae"
    _results(results)
    proc = run_cli("export", "ch2_vae", "--course", str(tmp_path / "course"), "--format", "canvas", timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO((results / "canvas.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch2_vae"]  # one assignment
    assert [r[5] for r in rows[1:]] == ["8", "8", "5.5", ""]
    proc = run_cli("export", "ch2_vae", "--course", str(tmp_path / "course"), "--format", "canvas", "--per-exercise",
                   timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO((results / "canvas.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "ch2_vae",
                       "ch2_vae: reconstruction_loss", "ch2_vae: gaussian_kl"]
    assert rows[1] == ["Points Possible", "", "", "", "", "8", "4", "4"]
    assert rows[2] == ["alice", "", "alice", "alice", "", "8", "4", "4"]
    assert rows[3][5:] == ["5.5", "4", "1.5"]
    assert rows[4][5:] == ["", "", ""]  # a grader failure is not imported as a 0
    out = tmp_path / "m.csv"
    proc = run_cli("export", "ch2_vae", "--results", str(results), "--format", "moodle", "-o", str(out),
                   "--per-exercise", timeout=60)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["Username", "ch2_vae", "ch2_vae: reconstruction_loss", "ch2_vae: gaussian_kl"]
    assert rows[1:] == [["alice", "8", "4", "4"], ["bob", "5.5", "4", "1.5"], ["carol", "", "", ""]]
    proc = run_cli("export", "ch2_vae", "--course", str(tmp_path / "nothing"), timeout=60)
    assert proc.returncode == 2 and "autograder batch" in proc.stderr
