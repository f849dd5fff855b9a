"""The sandbox layer: how a worker process is started, behind one interface.

:func:`make_sandbox` builds the :class:`~.launcher.Launcher` that a resolved run configuration
asks for (see :mod:`.launcher` for the three launchers and what each guarantees).  Modules, each
importing only those above it:

- :mod:`.launcher`: the :class:`Launcher` and :class:`WorkerProcess` protocols, :class:`InfrastructureFailure`;
- :mod:`.common`: :class:`Limits`, the worker's environment and command line;
- :mod:`.warm`: the grader's half of a warm template (the template itself is public:
  :mod:`genmodels_lab.runtime.template`);
- :mod:`.basic`: basic and basic + warm;
- :mod:`.strict`: strict (probe, slots, cgroup, mounts, launcher, templates).
"""
from __future__ import annotations

from . import strict, warm
from .basic import BasicSandbox, BasicWarmSandbox
from .common import ISOLATION_LEVELS, Limits, apply_limits, clean_env
from .launcher import InfrastructureFailure, Launcher, WorkerProcess
from .strict import StrictColdSandbox, StrictSandbox, StrictUnavailable, check_available, course_paths, templates


def make_sandbox(level: str, limits: Limits, device: str = "cpu", hidden: tuple = (), *,
                 warm: bool = True) -> Launcher:
    """The launcher for ``level`` (``"basic"`` or ``"strict"``), warm unless ``warm`` is False.

    ``hidden``: host paths (course folders, results folders) the strict level covers with an empty
    tmpfs; the basic level cannot hide anything and ignores them.

    Raises:
        ValueError: an unknown level.
        StrictUnavailable: strict cannot be set up here (the message says what is missing).
    """
    if level == "basic":
        return (BasicWarmSandbox if warm else BasicSandbox)(limits, device)
    if level == "strict":
        info = strict.check_available()  # once per process (cached); looked up here, so a test can stub it
        return (StrictSandbox if warm else StrictColdSandbox)(limits, device, hidden, info=info)
    raise ValueError(f"unknown isolation level {level!r}; use one of {ISOLATION_LEVELS}")


def shutdown() -> None:
    """Stop this process's warm templates, basic and strict (they also stop when the process exits)."""
    warm.shutdown()
    templates.shutdown()


__all__ = ["BasicSandbox", "BasicWarmSandbox", "ISOLATION_LEVELS", "InfrastructureFailure", "Launcher", "Limits",
           "StrictColdSandbox", "StrictSandbox", "StrictUnavailable", "WorkerProcess", "apply_limits",
           "check_available", "clean_env", "course_paths", "make_sandbox", "shutdown"]
