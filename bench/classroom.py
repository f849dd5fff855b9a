"""Build a fake class for benchmarks and tests: an nbgrader course directory with N submissions.

The mix: correct (the source notebook), wrong (catalogue mistakes from
``autograder/suites/<a>/variants/`` when present, else small edits of the
solution), crashing (the worker dies in a call or in a cell), timing out (a
function that sleeps past the call timeout) and untouched stubs (the release).
"""
from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Small edits of the ch2_vae solution: (grade_id of the solution cell, old text, new text).
CH2_EDITS = {
    "wrong_kl_sign": ("gaussian_kl_code", "return -0.5 * torch.sum(", "return 0.5 * torch.sum("),
    "wrong_reparam_std": ("reparameterize_code", "std = torch.exp(0.5 * logvar)", "std = torch.exp(logvar)"),
    "wrong_elbo_sum": ("negative_elbo_code", "return (recon + beta * kl).mean()", "return (recon + beta * kl).sum()"),
    "wrong_recon_mean": ("reconstruction_loss_code", "return bce.sum(dim=-1)", "return bce.mean(dim=-1)"),
    "wrong_slerp_linear": ("interpolate_latents_code", "if method != \"slerp\":", "if True:"),
    "crash_in_call": ("reparameterize_code", "std = torch.exp(0.5 * logvar)",
                      "import os, signal; os.kill(os.getpid(), signal.SIGKILL)\n    std = torch.exp(0.5 * logvar)"),
    "crash_in_cell": ("interpolate_latents_code", "def interpolate_latents(",
                      "import os\nos._exit(3)\n\ndef interpolate_latents("),
    "timeout_in_call": ("interpolate_latents_code", "def interpolate_latents(",
                        "import time\n\ndef _slow():\n    time.sleep(3600)\n\ndef interpolate_latents("),
}
CH2_TIMEOUT_PATCH = ("interpolate_latents_code", "    t = torch.linspace(0, 1, num_steps",
                     "    _slow()\n    t = torch.linspace(0, 1, num_steps")


def _cell_by_id(nb, grade_id: str):
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def source_notebook(assignment: str) -> Path:
    return sorted((ROOT / "source" / assignment).glob("*.ipynb"))[0]


def release_notebook(assignment: str) -> Path:
    return sorted((ROOT / "release" / assignment).glob("*.ipynb"))[0]


def edited(assignment: str, kind: str):
    """The source notebook with the named small edit (``CH2_EDITS``)."""
    nb = nbformat.read(source_notebook(assignment), as_version=4)
    nb = copy.deepcopy(nb)
    if assignment == "ch2_vae" and kind in CH2_EDITS:
        gid, old, new = CH2_EDITS[kind]
        cell = _cell_by_id(nb, gid)
        if old not in cell.source:
            raise ValueError(f"{kind}: {old!r} not in cell {gid}")
        cell.source = cell.source.replace(old, new, 1)
        if kind == "timeout_in_call":
            gid, old, new = CH2_TIMEOUT_PATCH
            cell.source = cell.source.replace(old, new, 1)
        return nb
    raise KeyError(f"unknown edit {kind!r} for {assignment}")


def catalogue_mistakes(assignment: str) -> list:
    try:
        from autograder import catalogue

        return [v for v in catalogue.load(assignment) if v.kind == "mistake"]
    except Exception:  # noqa: BLE001 - no catalogue for this assignment
        return []


def class_mix(assignment: str, n: int) -> list[str]:
    """The kinds of the ``n`` submissions: about half correct, a third wrong, a few crashing,
    one timing out, one stub."""
    if assignment == "ch2_vae":
        wrong = [k for k in CH2_EDITS if k.startswith("wrong_")]
    else:
        wrong = [f"catalogue:{k}" for k in range(len(catalogue_mistakes(assignment)))]
    crash = ["crash_in_call", "crash_in_cell"] if assignment == "ch2_vae" else []
    special = (["timeout_in_call"] if assignment == "ch2_vae" else []) + ["stub"]
    kinds: list[str] = []
    n_special = min(len(special), max(0, n // 20 + (1 if n >= 4 else 0)))
    n_crash = min(len(crash) * 2, n // 10) if crash else 0
    n_wrong = (n * 3) // 10 if wrong else 0
    kinds += special[:n_special]
    kinds += [crash[k % len(crash)] for k in range(n_crash)]
    kinds += [wrong[k % len(wrong)] for k in range(n_wrong)]
    kinds += ["correct"] * (n - len(kinds))
    return kinds[:n]


def notebook_for(assignment: str, kind: str):
    if kind == "correct":
        return nbformat.read(source_notebook(assignment), as_version=4)
    if kind == "stub":
        return nbformat.read(release_notebook(assignment), as_version=4)
    if kind.startswith("catalogue:"):
        v = catalogue_mistakes(assignment)[int(kind.split(":", 1)[1])]
        nb = copy.deepcopy(nbformat.read(source_notebook(assignment), as_version=4))
        _cell_by_id(nb, v.cell).source = v.source
        return nb
    return edited(assignment, kind)


def make_class(course: Path, assignment: str, n: int, *, generate: bool = True) -> dict[str, str]:
    """An nbgrader course at ``course`` with ``n`` submissions; returns {student: kind}."""
    from autograder.release import make_course, run_nbgrader

    course = Path(course)
    make_course(course, [assignment])
    if generate:
        run_nbgrader(course, "generate_assignment", assignment, "--force")
    kinds = class_mix(assignment, n)
    out = {}
    name = release_notebook(assignment).name
    for k, kind in enumerate(kinds):
        student = f"s{k:03d}_{kind.replace(':', '-')}"
        d = course / "submitted" / student / assignment
        d.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook_for(assignment, kind), d / name)
        (d / "timestamp.txt").write_text("2026-11-29 12:00:00.000000 UTC\n", encoding="utf-8")
        out[student] = kind
    (course / "class.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return out
