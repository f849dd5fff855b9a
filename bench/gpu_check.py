"""Grade every chapter's catalogue on CUDA and on CPU; print whether grades are identical.

Usage: python bench/gpu_check.py [--out FILE] [--assignment ID ...] [--workers N]
For each catalogue entry (mistakes and valid variants) and the source notebook of each
assignment: the per-exercise scores with --device cuda and --device cpu, "identical yes/no",
and the mean grading time per submission on each device (ratio cuda/cpu).
Exit 1 when any grade differs or CUDA is not available.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from notebooks import machine  # noqa: E402


def main() -> int:
    import torch

    from autograder import catalogue
    from autograder.batch import GradeTask, grade_tasks
    from autograder.runconfig import RunConfig
    from autograder.notebook import known_assignments
    from autograder.validity import source_notebook, variant_notebook

    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path)
    ap.add_argument("--assignment", action="append")
    ap.add_argument("--workers", type=int, default=4)
    args = ap.parse_args()
    lines = [f"# gpu_check {date.today()} {machine()}",
             f"# torch {torch.__version__}, cuda available: {torch.cuda.is_available()}"
             + (f", {torch.cuda.get_device_name(0)}" if torch.cuda.is_available() else "")]
    if not torch.cuda.is_available():
        print("\n".join(lines + ["no CUDA device: nothing to compare"]))
        return 1
    assignments = args.assignment or known_assignments()
    with tempfile.TemporaryDirectory() as tmp:
        entries = []
        for a in assignments:
            entries.append((a, "source", str(source_notebook(a))))
            for v in catalogue.load(a):
                entries.append((a, v.id, str(variant_notebook(a, v, Path(tmp)))))
        timings, results = {}, {}
        for device in ("cuda", "cpu"):
            config = RunConfig(device=device, isolation="basic", lang="en")
            tasks = [GradeTask(p, a, name, config) for a, name, p in entries]
            start = time.monotonic()
            results[device] = grade_tasks(tasks, workers=args.workers)
            timings[device] = (time.monotonic() - start) / max(1, len(tasks))
    differ = 0
    for (a, name, _), rc, rg in zip(entries, results["cpu"], results["cuda"]):
        sc = {e.grade_id: e.score for e in rc.exercises}
        sg = {e.grade_id: e.score for e in rg.exercises}
        same = sc == sg and rc.status == rg.status
        differ += not same
        lines.append(f"{name}: identical {'yes' if same else 'NO'}  cpu {rc.score:g}  cuda {rg.score:g}"
                     + ("" if same else f"  cpu {sc} cuda {sg}"))
    lines.append(f"entries: {len(entries)}, grades differ: {differ}")
    lines.append(f"mean wall time per submission: cuda {timings['cuda']:.2f} s, cpu {timings['cpu']:.2f} s, "
                 f"ratio cuda/cpu {timings['cuda'] / timings['cpu']:.2f}")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
