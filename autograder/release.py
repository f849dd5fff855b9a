"""Generate released (student) notebooks with nbgrader, in a temporary course directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .notebook import REPO_ROOT


def nbgrader_cmd() -> list[str]:
    """``nbgrader`` of this interpreter's environment."""
    exe = Path(sys.executable).with_name("nbgrader")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "nbgrader"]


def make_course(dest: Path, assignments: list[str], root: Path = REPO_ROOT) -> Path:
    """A fresh nbgrader course directory at ``dest`` with our config and the given sources."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    for a in assignments:
        shutil.copytree(root / "source" / a, dest / "source" / a, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


def run_nbgrader(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    # nbgrader runs ``alembic`` from PATH: put this environment's bin folder first
    bindir = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run(nbgrader_cmd() + list(args), cwd=course, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                           f"{proc.stderr[-3000:]}")
    return proc


def generate_release(assignment: str, root: Path = REPO_ROOT) -> dict[str, str]:
    """{notebook name: released notebook text} produced by ``nbgrader generate_assignment``."""
    with tempfile.TemporaryDirectory(prefix="autograder-release-") as tmp:
        course = make_course(Path(tmp), [assignment], root)
        run_nbgrader(course, "generate_assignment", assignment, "--force")
        out = {}
        for nb in sorted((course / "release" / assignment).glob("*.ipynb")):
            text = nb.read_text(encoding="utf-8")
            out[nb.name] = text if text.endswith("\n") else text + "\n"
        return out
