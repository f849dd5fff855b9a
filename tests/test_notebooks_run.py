"""Every source notebook runs top to bottom in a real Jupyter kernel (nbclient), in under
3 minutes on 2 CPU cores (measured by
bench/notebooks.py; here only a hang guard); every released notebook runs without a single error output
(its visible checks report unimplemented exercises politely)."""
from __future__ import annotations

import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted(REPO.glob("source/*/*.ipynb"))
RELEASES = sorted(REPO.glob("release/*/*.ipynb"))


def _run(path: Path, tmp_path: Path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                            allow_errors=True)
    start = time.monotonic()
    client.execute()
    return nb, time.monotonic() - start


def _errors(nb) -> list[str]:
    return [f"cell {i}: {o.get('ename')}: {o.get('evalue')}" for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for o in c.get("outputs", []) if o.get("output_type") == "error"]


@pytest.mark.parametrize("path", SOURCES, ids=[p.parent.name for p in SOURCES])
def test_source_notebook_runs_top_to_bottom(path, tmp_path):
    nb, seconds = _run(path, tmp_path)
    assert not _errors(nb), _errors(nb)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "❌" not in text and "⏳" not in text, "a visible sanity check fails on the reference solution"
    # the < 3 min budget on 2 idle cores is measured by bench/notebooks.py, not asserted here
    print(f"{path.name}: {seconds:.1f} s")


@pytest.mark.parametrize("path", RELEASES, ids=[p.parent.name for p in RELEASES])
def test_released_notebook_fails_politely(path, tmp_path):
    nb, _ = _run(path, tmp_path)
    assert not _errors(nb), f"tracebacks in the released notebook: {_errors(nb)}"
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "⏳" in text and "not implemented yet" in text
    # the notebook's own locked cells display no value (a `<torch._C.Generator at 0x…>` under the setup cell)
    shown = [o for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("locked")
             for o in c.get("outputs", []) if o.get("output_type") == "execute_result"]
    assert not shown, shown
