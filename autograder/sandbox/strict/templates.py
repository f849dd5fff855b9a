"""Strict + warm (the default launcher): one warm template per slot, inside that slot's sandbox.

A template is a :class:`~autograder.sandbox.warm.Zygote` started in a
:class:`~.launcher.StrictColdSandbox` box (slot uid, bubblewrap with every namespace, the masked
mount view, the slot's cgroup).  It imports torch and the public runtime once, then only forks.
Each child confines itself before any student code runs (:mod:`genmodels_lab.runtime.confine`):
its own mount, pid, ipc, net and uts namespaces, every inherited mount read-only, fresh tmpfs on
``/tmp``, ``/dev/shm`` and ``/run``, a reaping init at pid 1 (the worker is pid 2), the rlimits,
no capabilities, ``no_new_privs`` and a seccomp filter.

A template serves one submission at a time, so concurrent submissions never share a uid.  After
each child the grader kills whatever is left in nested pid namespaces (:func:`.slots.kill_nested`)
before the template is reused; a process keeps at most :data:`MAX_IDLE_TEMPLATES` idle ones.

This is the design of Chromium's zygote and of sandbox2's fork server (fork from a pristine,
pre-initialised process, then sandbox each child), with the template itself already inside the
outer sandbox, so a child never holds more than the template.
"""
from __future__ import annotations

import atexit
import contextlib
import dataclasses
import subprocess
import tempfile
import threading
import time

from genmodels_lab.runtime.confine import WORK as CHILD_WORK  # a fresh tmpfs of the child's own

from ..launcher import InfrastructureFailure
from ..warm import Zygote, ZygoteProcess, fork_timeout, preload_modules
from . import mounts
from .launcher import StrictColdSandbox
from .slots import host_pid, kill_nested

#: Memory a strict template itself holds (torch and the worker imported), added to its slot's
#: cgroup on top of the worker's ``memory_bytes`` (the child's pages are charged to the same cgroup).
TEMPLATE_BYTES = 1536 * 1024 ** 2
#: Idle strict templates one grader process keeps (others are closed, their slots freed); a
#: process that grades with several limit settings, like the test suite, would otherwise keep one each.
MAX_IDLE_TEMPLATES = 2


class TemplateFailed(InfrastructureFailure):
    """A strict template could not be started or could not fork a confined worker."""


class StrictTemplate:
    """A zygote inside one strict slot's sandbox; serves one submission at a time."""

    def __init__(self, limits, device: str, env: dict, modules: list[str], info, key: tuple):
        self.key = key
        self.idle_since = 0.0
        self.box = StrictColdSandbox(dataclasses.replace(limits, memory_bytes=limits.memory_bytes + TEMPLATE_BYTES),
                                     device, (), info=info, template=True)
        self.box.prepare()
        self.errors = tempfile.TemporaryFile()
        try:
            self.zygote = Zygote(env, modules, launch=lambda argv, fd, e: self.box._popen(
                argv, (fd,), e, stdout=subprocess.DEVNULL, stderr=self.errors))
        except BaseException:
            self.box.cleanup()
            raise
        self.oom_base = 0

    def stderr_tail(self) -> str:
        try:
            self.errors.seek(0)
            return self.errors.read()[-800:].decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""

    def wait_ready(self, timeout: float) -> dict:
        try:
            return self.zygote.wait_ready(timeout)
        except (OSError, EOFError, ValueError, RuntimeError, TimeoutError) as exc:
            raise TemplateFailed(f"the strict template did not start ({exc}): {self.stderr_tail()}") from None

    def alive(self) -> bool:
        return self.zygote.alive()

    def spawn(self, fd_in: int, fd_out: int, env: dict, limits, device: str, hidden: tuple,
              timeout: float) -> ZygoteProcess:
        self.wait_ready(timeout)
        self.oom_base = self.box.oom_kills()
        runtime = mounts._runtime_paths()
        keep = [p for p in runtime if any(mounts._under(p, top) for top in ("/tmp", "/dev/shm", "/run"))]
        # a folder that holds the runtime (the repository root, when a notebook under source/ or
        # release/ is graded) is not covered whole: its secret parts are not in the view anyway
        # (mounts.mount_plan covers them for the template), and covering it would hide the runtime
        hidden = [str(h) for h in hidden if not any(mounts._under(r, str(h)) for r in runtime)]
        spec = {"disk_bytes": int(limits.disk_bytes), "hidden": hidden, "keep": keep}
        try:
            proc = self.zygote.spawn(fd_in, fd_out, env, CHILD_WORK, limits, device, timeout, confine=spec)
        except (OSError, RuntimeError, TimeoutError, EOFError, ValueError) as exc:
            raise TemplateFailed(f"the strict template did not fork a worker ({exc}): {self.stderr_tail()}") \
                from None
        pid = host_pid(self.box.slot.uid, proc.pid)
        if pid is None:
            if proc.poll() is None:
                self.close()
            raise TemplateFailed(f"the forked worker (pid {proc.pid} in the sandbox) was not found on the host")
        proc.pid = pid
        return proc

    def oom_killed(self) -> bool:
        return self.box.oom_kills() > self.oom_base

    def scrub(self) -> bool:
        """After a child: kill whatever is left in nested namespaces; True when the template can be reused."""
        return kill_nested(self.box.slot.uid) and self.alive()

    def close(self) -> None:
        try:
            self.zygote.close()
        finally:
            self.box.cleanup()
            with contextlib.suppress(OSError):
                self.errors.close()


_idle: dict = {}
_slock = threading.Lock()


def _key(limits, device: str, env: dict, modules: list[str]) -> tuple:
    return (tuple(sorted(dataclasses.asdict(limits).items())), device, tuple(sorted(env.items())), tuple(modules))


def take_template(limits, device: str, env: dict, assignment: str, info) -> StrictTemplate:
    """An idle strict template for these limits, device and environment, or a new one (a slot of its own)."""
    modules = preload_modules(assignment)
    key = _key(limits, device, env, modules)
    with _slock:
        pool = _idle.setdefault(key, [])
        while pool:
            t = pool.pop()
            if t.alive():
                return t
            t.close()
    return StrictTemplate(limits, device, env, modules, info, key)


def give_back(t: StrictTemplate, reusable: bool) -> None:
    """Return ``t`` after its child ended: reused when ``reusable`` and scrubbed, else closed."""
    if reusable and t.scrub():
        with _slock:
            _idle.setdefault(t.key, []).append(t)
            t.idle_since = time.monotonic()
            every = sorted((x for pool in _idle.values() for x in pool), key=lambda x: x.idle_since)
            extra = every[:max(0, len(every) - MAX_IDLE_TEMPLATES)]
            for x in extra:  # each holds a slot and ~1 GB: keep only the most recently used
                _idle[x.key].remove(x)
        for x in extra:
            x.close()
        return
    t.close()


def shutdown() -> None:
    """Close the idle strict templates: their slots' cgroups, work folders and locks are freed."""
    with _slock:
        ts = [t for pool in _idle.values() for t in pool]
        _idle.clear()
    for t in ts:
        with contextlib.suppress(Exception):
            t.close()


atexit.register(shutdown)


class StrictSandbox(StrictColdSandbox):
    """Strict + warm: each worker is a confined child of an idle template for these limits
    (a :class:`~autograder.sandbox.launcher.Launcher`).  A template that is multi-threaded after
    its imports cannot be forked safely: this launcher then starts the worker cold."""

    warm = True

    def __init__(self, limits, device: str = "cpu", hidden: tuple = (), *, info):
        super().__init__(limits, device, hidden, info=info)
        self._warm = None  # (StrictTemplate, process) while a warm worker runs

    def prestart(self, assignment: str) -> None:
        """Start a template now (its imports overlap other work); it waits in the idle pool."""
        give_back(take_template(self.limits, self.device, self.env(), assignment, self.info), True)

    def spawn(self, fd_in: int, fd_out: int, assignment: str):
        """Fork a confined worker from a warm template.

        Raises:
            TemplateFailed: twice in a row a template could not start or fork (an infrastructure
                failure, never the student's).
        """
        env, timeout, error = self.env(), fork_timeout(self.limits), None
        for _attempt in range(2):
            t = take_template(self.limits, self.device, env, assignment, self.info)
            try:
                if t.wait_ready(timeout).get("threads", 1) > 1:
                    t.close()
                    return super().spawn(fd_in, fd_out, assignment)
                proc = t.spawn(fd_in, fd_out, env, self.limits, self.device, self.hidden, timeout)
            except TemplateFailed as exc:
                error = exc
                t.close()
                continue
            self._warm = (t, proc)
            self.memory_mode = t.box.memory_mode
            return proc
        raise error

    def oom_killed(self) -> bool:
        if self._warm is not None:
            return self._warm[0].oom_killed()
        return super().oom_killed()

    def cleanup(self) -> None:
        """A warm worker's template is given back (scrubbed: nothing of the child is left; closed,
        slot and all, when the child could not be reaped); a cold worker's sandbox is removed."""
        if self._warm is None:
            return super().cleanup()
        (template, proc), self._warm = self._warm, None
        with contextlib.suppress(Exception):
            proc.wait(timeout=5)
        give_back(template, proc.returncode is not None)
