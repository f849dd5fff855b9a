"""Fréchet distance at Inception size: solutions.ch1_fundamentals vs pytorch-fid, measured in one run.

    python bench/ch1_fid.py [--dim 2048] [--n 10000] [--repeats 1]

Builds two sets of n synthetic non-negative "pool3-like" features of dimension d (float32, as an
Inception network would output), accumulates their statistics in float64 with
``FeatureStatistics`` (streaming, batches of 500), then times
- ``pytorch_fid.fid_score.calculate_frechet_distance`` (scipy.linalg.sqrtm of Σ1 Σ2), and
- ``solutions.ch1_fundamentals.frechet_distance`` (Cholesky factor + one symmetric eigenvalue solve),
on the same statistics, and prints both values, their relative difference and the speed ratio.
The baseline is measured in the same process on the same machine, so the ratio is the figure to quote.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import scipy
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import solutions.ch1_fundamentals as ref  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = "load average %.1f/%.1f/%.1f" % os.getloadavg() if hasattr(os, "getloadavg") else "load unknown"
    return (f"{platform.platform()}; {cpu}; {os.cpu_count()} logical CPUs ({load}); torch {torch.__version__} "
            f"({torch.get_num_threads()} threads); numpy {np.__version__}; scipy {scipy.__version__}")


def features(n: int, d: int, shift: float, gen: torch.Generator) -> list[torch.Tensor]:
    """n x d float32 features relu(z A + b), in batches of 500 (what an extractor would stream)."""
    a = torch.randn(d, d, generator=gen) / d ** 0.5
    b = 0.3 + shift * torch.randn(d, generator=gen)
    out = []
    for start in range(0, n, 500):
        z = torch.randn(min(500, n - start), d, generator=gen)
        out.append(torch.relu(z @ a + b))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dim", type=int, default=2048)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args(argv)
    from pytorch_fid.fid_score import calculate_frechet_distance

    print(f"machine: {machine()}")
    print(f"d = {args.dim}, n = {args.n} per set, repeats = {args.repeats}")
    gen = torch.Generator().manual_seed(0)
    t0 = time.perf_counter()
    stats = []
    for shift in (0.0, 0.05):
        acc = ref.FeatureStatistics()
        for batch in features(args.n, args.dim, shift, gen):
            acc.update(batch)
        stats.append(acc.compute())
    print(f"features + streaming float64 statistics: {time.perf_counter() - t0:.2f} s")
    (mu1, s1), (mu2, s2) = stats
    np_args = [t.numpy() for t in (mu1, s1, mu2, s2)]

    t_base, t_ours = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        base = float(calculate_frechet_distance(*np_args))
        t_base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ours = float(ref.frechet_distance(mu1, s1, mu2, s2))
        t_ours.append(time.perf_counter() - t0)
    tb, to = min(t_base), min(t_ours)
    rel = abs(ours - base) / abs(base)
    print(f"pytorch-fid calculate_frechet_distance (scipy sqrtm):    {base:.10f}  {tb:.3f} s")
    print(f"solutions.ch1_fundamentals.frechet_distance (Cholesky + eigvalsh): {ours:.10f}  {to:.3f} s")
    print(f"relative difference: {rel:.2e} (target <= 1e-6)")
    print(f"speed ratio (pytorch-fid time / ours): {tb / to:.1f}x (target >= 3x)")
    return 0 if rel <= 1e-6 else 1


if __name__ == "__main__":
    raise SystemExit(main())
