"""The one function that applies a worker's resource limits, shared by every launcher.

Used by basic's plain worker (``preexec``), basic's warm children, strict's warm children
(:mod:`genmodels_lab.runtime.template`, after :mod:`genmodels_lab.runtime.confine` on strict) and
the root half of the strict launcher (``autograder/sandbox/strict/rootlaunch.py``, which loads this
file by path before it drops to the slot user).
The values come from the grader's resolved run configuration (``autograder.sandbox.Limits``,
sent as plain numbers); this module only applies them.  Standard library only.
"""
from __future__ import annotations

import resource


def apply_limits(limits, device: str = "cpu", *, nproc: bool = False, cpu: bool = True,
                 address_space: "bool | None" = None) -> None:
    """Set the worker's rlimits on the calling process.

    Args:
        limits: any object with the integer attributes ``cpu_seconds``, ``file_bytes``,
            ``open_files``, ``processes`` and ``memory_bytes`` (``autograder.sandbox.Limits``, or the
            same fields received as JSON).
        device: ``"cpu"`` or ``"cuda"``.  On CPU the address space is limited too (RLIMIT_AS); on
            CUDA the driver maps far more than it uses, and strict's memory cgroup bounds it.
        nproc: also RLIMIT_NPROC, which counts per user and so is only meaningful where the worker
            has a uid of its own (strict).
        cpu: RLIMIT_CPU (False only for a long-lived warm template: each child gets its own).
        address_space: RLIMIT_AS; None means "on CPU only" (False for a warm template).

    CPU seconds: SIGXCPU at the soft limit, SIGKILL 5 s later.  File size, no core dumps, open files.

    Raises:
        ValueError, OSError: from :func:`resource.setrlimit` for a value the kernel refuses.
    """
    if cpu:
        seconds = int(limits.cpu_seconds)
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(limits.file_bytes), int(limits.file_bytes)))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (int(limits.open_files), int(limits.open_files)))
    if nproc:
        resource.setrlimit(resource.RLIMIT_NPROC, (int(limits.processes), int(limits.processes)))
    if (device == "cpu") if address_space is None else address_space:
        resource.setrlimit(resource.RLIMIT_AS, (int(limits.memory_bytes), int(limits.memory_bytes)))
