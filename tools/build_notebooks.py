"""Regenerate source/<assignment>/*.ipynb from tools/notebooks/<assignment>.py.

Usage: python tools/build_notebooks.py [ASSIGNMENT ...] [--check]
``--check`` writes nothing and exits 1 when a committed notebook differs.
Each tools/notebooks/<assignment>.py defines ``build() -> dict[str, NotebookBuilder]``
(notebook file name -> builder).
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def builders(assignment: str) -> dict:
    path = ROOT / "tools" / "notebooks" / f"{assignment}.py"
    spec = importlib.util.spec_from_file_location(f"_nb_{assignment}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.build()


def assignments() -> list[str]:
    return sorted(p.stem for p in (ROOT / "tools" / "notebooks").glob("ch*.py"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("assignment", nargs="*")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    stale = []
    for a in args.assignment or assignments():
        for name, nb in builders(a).items():
            path = ROOT / "source" / a / name
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != nb.text():
                    stale.append(str(path.relative_to(ROOT)))
            else:
                nb.write(path)
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale (run python tools/build_notebooks.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
