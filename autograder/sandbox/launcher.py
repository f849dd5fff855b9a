"""The interface of the sandbox layer: what the grader asks of a launcher, and what it gets back.

Three launchers implement :class:`Launcher` (built by :func:`autograder.sandbox.make_sandbox`
from the resolved run configuration):

==================  ===================================================  =====================
launcher            how a worker starts                                  module
==================  ===================================================  =====================
basic               a fresh ``python`` with rlimits (not a boundary)      :mod:`.basic`
basic + warm        forked from a template that has imported torch        :mod:`.basic`, :mod:`.warm`
strict + warm       forked from a template inside the slot's sandbox,     :mod:`.strict.templates`
                    then confined (namespaces, no caps, seccomp)
==================  ===================================================  =====================

(strict without warm, ``--no-warm``, starts a fresh interpreter in a fresh sandbox:
:mod:`.strict.launcher`; it has no per-child seccomp filter.)

Every launcher applies the rlimits with the one function
:func:`genmodels_lab.runtime.limits.apply_limits`, and runs only the public runtime
(:mod:`genmodels_lab.runtime`).  Leaf module.
"""
from __future__ import annotations

from typing import IO, Optional, Protocol, runtime_checkable


class InfrastructureFailure(RuntimeError):
    """The sandbox could not start or run a worker: the grader's failure, never the student's.

    Raised by a launcher's ``spawn`` (and by the proxy for a worker that dies before it has run
    any student code); the engine turns it into a ``grader_error`` for the whole submission."""


@runtime_checkable
class WorkerProcess(Protocol):
    """A started worker, Popen-like: its pid on the host, the read ends of its stdout and stderr."""

    pid: int
    stdout: IO[bytes]
    stderr: IO[bytes]

    @property
    def returncode(self) -> Optional[int]: ...  # negative: killed by that signal

    def poll(self) -> Optional[int]: ...

    def wait(self, timeout: Optional[float] = None) -> int: ...  # raises subprocess.TimeoutExpired

    def kill(self) -> None: ...

    def send_signal(self, sig: int) -> None: ...


@runtime_checkable
class Launcher(Protocol):
    """Starts one worker for one submission and cleans up after it.

    Attributes:
        level: ``"basic"`` or ``"strict"``.
        warm: whether workers are forked from a warm template.
        limits: the :class:`autograder.sandbox.common.Limits` every worker gets.
        device: ``"cpu"`` or ``"cuda"`` (already resolved).
    """

    level: str
    warm: bool
    device: str

    def prestart(self, assignment: str) -> None:
        """Start (not wait for) what a first ``spawn`` for ``assignment`` needs (a warm template)."""

    def spawn(self, fd_in: int, fd_out: int, assignment: str) -> WorkerProcess:
        """Start a worker that reads requests from ``fd_in`` and answers on ``fd_out``
        (:mod:`genmodels_lab.runtime.wire`); it leads its own process group.

        Raises:
            InfrastructureFailure: the sandbox could not start it (never the student's fault).
        """

    def oom_killed(self) -> bool:
        """Whether the memory limit's OOM killer acted on the worker (strict's cgroup; basic: False)."""

    def cleanup(self) -> None:
        """After the worker ended (or was killed): free what it held; a warm template is scrubbed
        and kept, or closed when it cannot be reused."""
