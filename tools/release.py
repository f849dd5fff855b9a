"""Regenerate release/<assignment>/ with ``nbgrader generate_assignment``.

Usage: python tools/release.py [ASSIGNMENT ...] [--check]
Runs nbgrader in a temporary course directory (copy of nbgrader_config.py and
source/<assignment>/) so the repository's gradebook is untouched, then copies
the released notebooks into release/.  ``--check`` exits 1 on any difference.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from autograder.release import generate_release  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("assignment", nargs="*")
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    names = args.assignment or sorted(p.name for p in (ROOT / "source").iterdir() if p.is_dir())
    stale = []
    for a in names:
        for name, text in generate_release(a).items():
            path = ROOT / "release" / a / name
            if args.check:
                if not path.exists() or path.read_text(encoding="utf-8") != text:
                    stale.append(str(path.relative_to(ROOT)))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale (run python tools/release.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
