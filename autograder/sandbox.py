"""How the worker process is started: the isolation levels.

``basic``: a separate process in a new session, a fresh temporary working
folder, a clean environment, rlimits (CPU seconds, address space on CPU-only
grading, file size, core dumps, open files), and a wall-clock timeout enforced
by the grader, which kills the whole process group afterwards.  It is NOT a
security boundary: the student process runs as the grader's user and can read
what that user can read.  ``strict`` adds user separation and bubblewrap (see
:mod:`autograder.strict`).
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ISOLATION_LEVELS = ("basic", "strict")


def _env_limit(name: str, default):
    """``default``, or the value of ``name`` in ``AUTOGRADER_LIMITS`` (``"cell_seconds=30,call_seconds=5"``).

    Lets an instructor (or a test) tune the limits of every worker of a run, batch
    pool processes included, without code; an unknown or malformed entry raises.
    """
    spec = os.environ.get("AUTOGRADER_LIMITS", "")
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        if sep and key.strip() == name:
            try:
                return type(default)(float(value)) if isinstance(default, int) else float(value)
            except ValueError:
                raise ValueError(f"AUTOGRADER_LIMITS: {part!r} is not a number") from None
    return default


def _limit(name: str, default):
    return field(default_factory=lambda: _env_limit(name, default))


@dataclass(frozen=True)
class Limits:
    """Resource limits for one worker (a whole submission).

    Defaults can be overridden for a whole run with the environment variable
    ``AUTOGRADER_LIMITS`` (comma-separated ``name=value``, e.g. ``cell_seconds=30``).

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

    cpu_seconds: int = _limit("cpu_seconds", 600)
    memory_bytes: int = _limit("memory_bytes", 6 * 1024 ** 3)
    file_bytes: int = _limit("file_bytes", 64 * 1024 ** 2)
    open_files: int = _limit("open_files", 256)
    processes: int = _limit("processes", 256)
    startup_seconds: float = _limit("startup_seconds", 60.0)
    cell_seconds: float = _limit("cell_seconds", 60.0)
    call_seconds: float = _limit("call_seconds", 10.0)
    test_seconds: float = _limit("test_seconds", 120.0)
    submission_seconds: float = _limit("submission_seconds", 300.0)
    threads: int = _limit("threads", 1)
    disk_bytes: int = _limit("disk_bytes", 256 * 1024 ** 2)


def clean_env(extra: dict | None = None) -> dict:
    """The environment of a worker: no inherited secrets, only what Python and torch need."""
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "CUDA_VISIBLE_DEVICES",
            "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "MPLBACKEND": "Agg",
                "PYTHONUNBUFFERED": "1", "HOME": "/tmp", "NO_PROXY": "*", "no_proxy": "*"})
    env.update(extra or {})
    return env


def apply_limits(limits: Limits, device: str = "cpu", *, nproc: bool = False) -> None:
    """Set the worker's rlimits on the calling process: the one function every isolation level uses
    (basic's plain worker and warm children; strict's warm children, :mod:`autograder.confine`).

    CPU seconds (SIGXCPU at the soft limit, SIGKILL 5 s later), file size, no core dumps, open
    files, and on CPU grading the address space (on CUDA the driver maps far more than it uses;
    the strict level's memory cgroup bounds it there).  ``nproc``: also RLIMIT_NPROC, which counts
    per user and so is only meaningful where the worker has a uid of its own (strict).
    """
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_bytes, limits.file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
    if nproc:
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.processes, limits.processes))
    if device == "cpu":
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))


class BasicSandbox:
    """Start the worker as a plain child process with rlimits (not a security boundary)."""

    level = "basic"

    def __init__(self, limits: Limits, device: str = "cpu"):
        self.limits = limits
        self.device = device
        self.workdir: str | None = None

    def command(self) -> list[str]:
        root = str(Path(__file__).resolve().parents[1])
        boot = f"import sys; sys.path.insert(0, {root!r}); from autograder.worker import main; main()"
        return [sys.executable, "-E", "-s", "-c", boot]

    def env(self, extra: dict) -> dict:
        root = str(Path(__file__).resolve().parents[1])
        env = clean_env(extra)
        env["AUTOGRADER_ROOT"] = root
        n = str(self.limits.threads)
        env.update({"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n})
        return env

    def prepare(self) -> str:
        self.workdir = tempfile.mkdtemp(prefix="autograder-work-")
        return self.workdir

    def preexec(self):
        limits, device = self.limits, self.device

        def apply() -> None:
            os.setsid()
            apply_limits(limits, device)

        return apply

    def spawn(self, fd_in: int, fd_out: int, extra_env: dict) -> subprocess.Popen:
        """Start the worker reading requests from ``fd_in`` and answering on ``fd_out``.

        Returns a ``subprocess.Popen`` (or an object with the same ``pid``, ``poll``,
        ``wait``, ``kill``, ``stdout``, ``stderr``); the worker leads its own process group.
        """
        workdir = self.prepare()
        from . import zygote  # warm path: fork from a template that has imported torch (AUTOGRADER_ZYGOTE=0: off)

        proc = zygote.spawn(self, fd_in, fd_out, extra_env, workdir)
        if proc is not None:
            return proc
        cmd = self.command() + ["--fd-in", str(fd_in), "--fd-out", str(fd_out)]
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=workdir, env=self.env(extra_env), pass_fds=(fd_in, fd_out),
                                preexec_fn=self.preexec(), close_fds=True)

    def cleanup(self) -> None:
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def make_sandbox(level: str, limits: Limits, device: str = "cpu", hidden: tuple = ()):
    """The sandbox for ``level``; raises ValueError for unknown levels and
    :class:`autograder.strict.StrictUnavailable` when strict cannot be set up here.

    ``hidden``: host paths (course folders, results folders) the strict level covers
    with an empty tmpfs; the basic level cannot hide anything and ignores them.
    """
    if level == "basic":
        return BasicSandbox(limits, device)
    if level == "strict":
        from .strict import StrictSandbox

        return StrictSandbox(limits, device, hidden)
    raise ValueError(f"unknown isolation level {level!r}; use one of {ISOLATION_LEVELS}")
