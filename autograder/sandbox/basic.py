"""The basic level: a separate process with rlimits.  NOT a security boundary.

A worker runs in a new session with a fresh temporary working folder, a clean environment, the
rlimits of :func:`genmodels_lab.runtime.limits.apply_limits` (CPU seconds, address space on CPU
grading, file size, core dumps, open files) and a wall-clock timeout enforced by the grader, which
kills the whole process group afterwards.  The student process runs as the grader's user and can
read what that user can read.

:class:`BasicSandbox` starts a fresh interpreter per worker; :class:`BasicWarmSandbox` (the
default) forks it from a warm template (:mod:`.warm`) and falls back to a fresh interpreter when
no template can be used.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Optional

from . import warm
from .common import Limits, apply_limits, runtime_argv, worker_env


class BasicSandbox:
    """Start the worker as a plain child process with rlimits (a :class:`~.launcher.Launcher`)."""

    level = "basic"
    warm = False

    def __init__(self, limits: Limits, device: str = "cpu", hidden: tuple = ()):
        self.limits = limits
        self.device = device
        self.workdir: Optional[str] = None

    def env(self) -> dict:
        return worker_env(self.limits)

    def prestart(self, assignment: str) -> None:
        pass

    def _workdir(self) -> str:
        self.workdir = tempfile.mkdtemp(prefix="autograder-work-")
        return self.workdir

    def spawn(self, fd_in: int, fd_out: int, assignment: str):
        limits, device = self.limits, self.device

        def preexec() -> None:
            os.setsid()
            apply_limits(limits, device)

        return subprocess.Popen(runtime_argv("worker", "--fd-in", str(fd_in), "--fd-out", str(fd_out)),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                cwd=self._workdir(), env=self.env(), pass_fds=(fd_in, fd_out),
                                preexec_fn=preexec, close_fds=True)

    def oom_killed(self) -> bool:
        return False

    def cleanup(self) -> None:
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


class BasicWarmSandbox(BasicSandbox):
    """Basic, with each worker forked from this process's warm template (:func:`.warm.spawn`)."""

    warm = True

    def prestart(self, assignment: str) -> None:
        warm.get(self.env(), assignment)

    def spawn(self, fd_in: int, fd_out: int, assignment: str):
        env = self.env()
        proc = warm.spawn(env, assignment, fd_in, fd_out, env, self._workdir(), self.limits, self.device)
        if proc is not None:
            return proc
        self.cleanup()
        return super().spawn(fd_in, fd_out, assignment)
