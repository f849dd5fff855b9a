"""The student distribution (``student/``, ``genmodels-lab``) is what a student's kernel needs and
nothing more: a test builds its wheel and inspects every file in it."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

#: Text that only the instructor side has: reference bodies, hidden tests, catalogue headers.
SECRET_MARKERS = ("### BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "@pytest.mark.points", "pytestmark",
                  "# diagnosis:", "import solutions", "from solutions")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out),
                           str(REPO / "student")], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    wheels = list(out.glob("genmodels_lab-*.whl"))
    assert len(wheels) == 1, list(out.iterdir())
    return wheels[0]


def test_student_wheel_holds_no_reference_suite_or_catalogue(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    code = [n for n in names if not n.endswith("/") and ".dist-info/" not in n]
    assert code and all(n.startswith("genmodels_lab/") for n in code), code
    for n in names:
        assert "solutions" not in n and "suites" not in n and "variants" not in n and "autograder" not in n, n
    with zipfile.ZipFile(wheel) as z:
        for n in code:
            text = z.read(n).decode("utf-8")
            for marker in SECRET_MARKERS:
                assert marker not in text, (n, marker)
    # every reference function name of the course appears in no function definition of the wheel
    import ast

    import solutions.ch2_vae as ref

    defined = set()
    with zipfile.ZipFile(wheel) as z:
        for n in code:
            if n.endswith(".py"):
                defined |= {d.name for d in ast.walk(ast.parse(z.read(n))) if isinstance(d, ast.FunctionDef)}
    assert not (defined & set(ref.__all__)), defined & set(ref.__all__)


def test_student_wheel_has_what_the_notebooks_import(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("__init__", "checks", "data", "harness/__init__", "harness/common", "harness/ch2_vae",
                   "harness/ch3_gan", "harness/ch4_diffusion", "harness/ch5_applications"):
        assert f"genmodels_lab/{module}.py" in names, module
    for nb in sorted(REPO.glob("release/*/*.ipynb")):
        text = nb.read_text(encoding="utf-8")
        assert "from autograder" not in text and "import autograder" not in text, nb  # the grader is not installed
        assert "genmodels_lab" in text, nb


def test_grader_distribution_is_another_one():
    import tomllib

    grader = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["name"]
    student = tomllib.loads((REPO / "student" / "pyproject.toml").read_text())["project"]["name"]
    assert grader != student and student == "genmodels-lab"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("## Student"):readme.index("## Self-learner")]
    assert "pip install ./student" in guide and "pip install ." not in guide.replace("pip install ./student", "")
