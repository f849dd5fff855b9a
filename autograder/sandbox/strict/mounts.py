"""Strict level: the private mount view.  What the worker may read is an allow-list.

:func:`mount_plan` lists the mount operations the root half of the launcher
(:mod:`.rootlaunch`) carries out before bubblewrap starts: every top-level directory that is not
part of the operating system is covered by an empty tmpfs, only the runtime paths
(:func:`_runtime_paths`: Python, site-packages and the public ``genmodels_lab`` package) are bound
back, and the secret material that would still be visible (:func:`default_hidden`: the
``autograder`` package and ``solutions`` wherever they are installed, the course folders passed in
by the engine) is covered again.
"""
from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Optional

from .base import _REPO_ROOT, _STAGE, STATE_DIR, SYSTEM_TOP


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _runtime_paths() -> list[str]:
    """Host paths the worker needs to read, an allow-list: the Python installation, the virtual
    environment's site-packages and the public package ``genmodels_lab`` (wherever it is installed:
    an editable install points into the repository's ``student/`` folder), which holds everything of
    ours that runs in the sandbox (:mod:`genmodels_lab.runtime`).  Not the ``autograder`` package."""
    import importlib.util
    import site
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable))}
    with contextlib.suppress(Exception):
        spec = importlib.util.find_spec("genmodels_lab")
        if spec is not None and spec.origin:
            paths.add(os.path.dirname(os.path.realpath(spec.origin)))
    with contextlib.suppress(Exception):
        paths.update(site.getsitepackages())
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(Exception):
            paths.add(sysconfig.get_path(key))
    for p in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        if p:
            paths.add(p)
    out = set()
    for p in paths:
        if p and os.path.isdir(p):
            out.add(os.path.abspath(p))
            out.add(os.path.realpath(p))
    # drop paths nested in another one
    ordered = sorted(out, key=len)
    keep: list[str] = []
    for p in ordered:
        if not any(_under(p, k) for k in keep):
            keep.append(p)
    return keep


def secret_paths() -> list[str]:
    """Where the grader's secret code is installed: the ``autograder`` package (engine, hidden suites,
    catalogue, diagnosis) and ``solutions`` (references), found by import, so that a regular (not
    editable) install inside a site-packages that the sandbox must read is covered too."""
    import importlib.util

    out = []
    for name in ("autograder", "solutions"):
        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec(name)
            for loc in (spec.submodule_search_locations or []) if spec else []:
                out.append(os.path.realpath(loc))
    return out


def default_hidden(root: Path = _REPO_ROOT) -> list[str]:
    """The course's hidden material: the repository's secret folders (covered even where the
    repository would be visible) and the installed secret packages (:func:`secret_paths`)."""
    names = ["autograder", "solutions", "source", "tests", "bench", ".git", "nbgrader_config.py",
             "gradebook.db", "submitted", "autograded", "feedback", "autograder_results"]
    return [str(root / n) for n in names] + secret_paths() + [str(STATE_DIR)]


def course_paths(notebook: Path) -> tuple[str, ...]:
    """Folders around a submission that the worker must not see: the notebook's own folder and,
    for an nbgrader course layout (``COURSE/submitted/<student>/<assignment>/nb.ipynb``), the
    whole course folder (gradebook, other submissions, autograded, feedback, results)."""
    p = Path(notebook).resolve()
    out = [str(p.parent)]
    for anc in p.parents:
        if anc.name in ("submitted", "autograded", "feedback", "release", "source") and anc.parent != anc:
            out.append(str(anc.parent))
            break
    return tuple(out)


def mount_plan(hidden: tuple[str, ...] = (), workdir: Optional[str] = None) -> list[list[str]]:
    """The launcher's mount operations, in order: ``["mask", path]`` or ``["bind", src, dst]``.

    Every top-level directory outside :data:`SYSTEM_TOP` is masked, the runtime
    paths under a mask are bound back, then hidden material that is still
    visible is masked again.
    """
    ops: list[list[str]] = []
    masked: list[str] = []
    for name in sorted(os.listdir("/")):
        p = "/" + name
        if name in SYSTEM_TOP or os.path.islink(p):
            continue
        if os.path.isdir(p) or os.path.isfile(p):
            ops.append(["mask", p])
            masked.append(p)
    visible = ["/" + n for n in SYSTEM_TOP]
    runtime = _runtime_paths()
    for p in runtime:
        if any(_under(p, m) for m in masked):
            ops.append(["bind", p, p])
        visible.append(p)
    for h in list(default_hidden()) + [os.path.abspath(x) for x in hidden]:
        for p in sorted({h, os.path.realpath(h)}):
            if any(_under(r, p) for r in runtime):
                continue  # holds the runtime (e.g. the repository root): its secret parts are listed apart
            if os.path.exists(p) and any(_under(p, v) for v in visible):
                ops.append(["mask", p])
    if workdir:
        ops.append(["bind", workdir, _STAGE])
    return ops
