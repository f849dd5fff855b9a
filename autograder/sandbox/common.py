"""What every launcher shares: the limits, the worker's environment and its command line.

Leaf module of :mod:`autograder.sandbox` (standard library, plus the public runtime's
:func:`~genmodels_lab.runtime.limits.apply_limits`, the one function that applies rlimits).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields
from pathlib import Path

from genmodels_lab.runtime.limits import apply_limits  # noqa: F401  (re-exported: the one rlimit function)

#: The isolation levels, weakest first.
ISOLATION_LEVELS = ("basic", "strict")


@dataclass(frozen=True)
class Limits:
    """Resource limits for one worker (a whole submission).

    Part of the resolved run configuration (:class:`autograder.runconfig.RunConfig`); an instructor
    overrides them with ``--limits name=value,...`` (or ``limits`` in ``nbgrader_config.py``),
    parsed by :meth:`parse`.

    Attributes:
        cpu_seconds: RLIMIT_CPU for the worker (CPU time, all threads).
        memory_bytes: address-space limit on CPU grading (RLIMIT_AS; not used on CUDA,
            where the strict level's memory cgroup applies instead).
        file_bytes: largest file the worker may write (RLIMIT_FSIZE).
        open_files: RLIMIT_NOFILE.
        processes: RLIMIT_NPROC (strict level only: it counts per user).
        startup_seconds: wall-clock limit for importing torch and starting.
        cell_seconds: wall-clock limit for one notebook cell.
        call_seconds: default wall-clock limit for one call from a test.
        test_seconds: wall-clock limit for one hidden test (pytest-timeout's ``timeout``, enforced
            by the grader's plugin from any thread: the worker is killed, the test fails with a
            timeout, the next test gets a fresh worker).
        submission_seconds: wall-clock budget of a whole submission across every worker restart
            (cells, calls, restarts). Past it, the remaining tests fail with the reason and the
            submission keeps the points earned so far. The default is about 10x the slowest honest
            submission of the course (ch3_gan, ~30 s on 2 cores).
        threads: torch intra-op threads in the worker.
        disk_bytes: size of the strict level's tmpfs work folder and ``/tmp`` (each; also
            charged to the memory cgroup).
    """

    cpu_seconds: int = 600
    memory_bytes: int = 6 * 1024 ** 3
    file_bytes: int = 64 * 1024 ** 2
    open_files: int = 256
    processes: int = 256
    startup_seconds: float = 60.0
    cell_seconds: float = 60.0
    call_seconds: float = 10.0
    test_seconds: float = 120.0
    submission_seconds: float = 300.0
    threads: int = 1
    disk_bytes: int = 256 * 1024 ** 2

    @classmethod
    def parse(cls, spec: str, base: "Limits | None" = None) -> "Limits":
        """``base`` (default: the defaults) with the ``name=value`` pairs of ``spec`` applied
        (comma-separated, e.g. ``"cell_seconds=30,call_seconds=5"``; empty: unchanged).

        Raises:
            ValueError: an unknown name, a missing ``=``, a value that is not a number, or a value
                that is not positive; the message names the entry and the valid names.
        """
        import dataclasses

        types = {f.name: f.type for f in fields(cls)}
        changes: dict = {}
        for part in (p.strip() for p in (spec or "").split(",")):
            if not part:
                continue
            key, sep, value = part.partition("=")
            key = key.strip()
            if not sep or key not in types:
                raise ValueError(f"limits: {part!r} is not name=value with a name among {', '.join(types)}")
            try:
                number = float(value)
            except ValueError:
                raise ValueError(f"limits: {part!r}: {value.strip()!r} is not a number") from None
            if not number > 0:
                raise ValueError(f"limits: {part!r}: the value must be positive")
            floor = _FLOORS.get(key)
            if floor is not None and number < floor[0]:
                raise ValueError(f"limits: {part!r}: at least {floor[1]} is needed (torch and the worker need it "
                                 "to start at all)")
            changes[key] = int(number) if types[key] in (int, "int") else number
        return dataclasses.replace(base or cls(), **changes)


#: The least a worker needs to start at all (importing torch): a smaller value could only ever fail,
#: and would fail as the grader's error, for every submission.
_FLOORS = {"memory_bytes": (1024 ** 3, "1 GiB (1073741824)"), "disk_bytes": (16 * 1024 ** 2, "16 MiB"),
           "file_bytes": (1024 ** 2, "1 MiB"), "open_files": (64, "64"), "processes": (16, "16"),
           "cpu_seconds": (10, "10"), "startup_seconds": (5, "5")}


def clean_env(extra: dict | None = None) -> dict:
    """The environment of a worker: no inherited secrets, only what Python and torch need."""
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES",
            "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg",
                "PYTHONUNBUFFERED": "1", "HOME": "/tmp", "NO_PROXY": "*", "no_proxy": "*"})
    env.update(extra or {})
    return env


def worker_env(limits: Limits, extra: dict | None = None) -> dict:
    """:func:`clean_env` with the thread counts of ``limits`` (OpenMP, MKL, OpenBLAS)."""
    env = clean_env(extra)
    n = str(limits.threads)
    env.update({"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n})
    return env


def runtime_root() -> str:
    """The folder that holds the public package ``genmodels_lab`` (its runtime is all that the worker
    and the warm templates import of ours)."""
    import genmodels_lab

    return str(Path(genmodels_lab.__file__).resolve().parents[1])


def runtime_argv(module: str, *args: str) -> list[str]:
    """``python -E -s -c ...`` running ``genmodels_lab.runtime.<module>.main()``: no user site, no
    ``PYTHON*`` variables, and only the public package's folder put first on ``sys.path``."""
    boot = (f"import sys; sys.path.insert(0, {runtime_root()!r}); "
            f"from genmodels_lab.runtime.{module} import main; main()")
    return [sys.executable, "-E", "-s", "-c", boot, *args]
