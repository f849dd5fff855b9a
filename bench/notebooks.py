"""Time every source notebook top to bottom in a real kernel (target: < 180 s each on 2 cores).

Usage: python bench/notebooks.py [--out bench/results/notebooks_<date>.txt]
Prints seconds per notebook and the ratio to the 180 s budget, with the machine description.
"""
from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
BUDGET = 180.0


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} cores ({cpu}), {mem:.0f} GiB, load {os.getloadavg()[0]:.1f}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    lines = [f"# notebooks top to bottom, {date.today()}, {machine()}"]
    for path in sorted(REPO.glob("source/*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.monotonic()
        NotebookClient(nb, timeout=600, kernel_name="python3").execute()
        secs = time.monotonic() - start
        lines.append(f"{path.relative_to(REPO)}: {secs:.1f} s = {secs / BUDGET:.2f} x the 180 s budget")
        print(lines[-1], flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
