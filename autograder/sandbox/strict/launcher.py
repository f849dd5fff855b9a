"""Strict level, cold: a fresh interpreter in a fresh sandbox for each worker.

How one worker is started (:meth:`StrictColdSandbox.spawn`), outermost first:

1. **Slot** (:mod:`.slots`): a free slot ``N`` with its own unprivileged user ``autograder-slotN``,
   so concurrent submissions never share a uid.
2. **Work folder**: a fresh folder owned by the slot user (mode 0700), a size-capped tmpfs when the
   kernel lets us mount one (nothing the student writes reaches the disk), wiped afterwards.
3. **Cgroup** (:mod:`.cgroup`): memory + pids + CPU for the worker when one can be created;
   otherwise ``RLIMIT_AS`` on CPU grading, and the probe says so.
4. **Root half** (:mod:`.rootlaunch`, ``python -I -S rootlaunch.py --launch``, still root, its own
   session): the private mount view of :func:`.mounts.mount_plan`, the cgroup, the rlimits, then
   the slot user (no supplementary groups, ``no_new_privs``) and ``exec`` bubblewrap.
5. **bubblewrap**: ``--unshare-all`` (user, pid, net, ipc, uts, cgroup namespaces: no network),
   ``--disable-userns``, ``--die-with-parent``, ``--new-session``, ``--cap-drop ALL``, a read-only
   view of that root, a fresh ``/proc`` and minimal ``/dev``, a small tmpfs ``/tmp``, the work folder
   as the only writable host path, and a clean environment.
6. **Afterwards** (:meth:`StrictColdSandbox.cleanup`): every process of the slot uid is killed, the
   cgroup is killed and removed, the work folder unmounted and wiped, and the slot released.

The default strict launcher forks warm workers instead (:mod:`.templates`); each warm template
runs in a box of this class.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Optional

from genmodels_lab.runtime import limits as limits_module

from ..common import runtime_argv, worker_env
from .base import _STAGE, SANDBOX_WORK, STATE_DIR, StrictInfo
from .cgroup import Cgroup
from . import mounts
from .mounts import _under, mount_plan
from .slots import Slot, _sweep_uid, acquire_slot, release_slot


class _SandboxProcess:
    """A ``subprocess.Popen`` whose exit status is the worker's (bwrap reports a signal as 128 + n)."""

    def __init__(self, popen: subprocess.Popen):
        self._p = popen
        self.pid, self.stdout, self.stderr = popen.pid, popen.stdout, popen.stderr

    @staticmethod
    def _map(code: Optional[int]) -> Optional[int]:
        if code is not None and 128 < code < 128 + 65 and (code - 128) in signal.Signals._value2member_map_:
            return -(code - 128)
        return code

    @property
    def returncode(self) -> Optional[int]:
        return self._map(self._p.returncode)

    def poll(self) -> Optional[int]:
        return self._map(self._p.poll())

    def wait(self, timeout: Optional[float] = None) -> int:
        return self._map(self._p.wait(timeout))

    def kill(self) -> None:
        self._p.kill()

    def send_signal(self, sig: int) -> None:
        self._p.send_signal(sig)

    def terminate(self) -> None:
        self._p.terminate()

    def communicate(self, *a, **k):
        return self._p.communicate(*a, **k)


class StrictColdSandbox:
    """Slot user + private mount view + bubblewrap + cgroup: a fresh interpreter in a fresh sandbox
    per worker (a :class:`~autograder.sandbox.launcher.Launcher`; also the box a warm strict
    template runs in, with ``template=True``).

    Args:
        limits: :class:`autograder.sandbox.common.Limits`.
        device: "cpu" or "cuda" (CUDA device nodes are bound in for "cuda").
        hidden: extra host paths to cover (course folders, results folders).
        info: what :func:`autograder.sandbox.strict.probe.check_available` found (the factory
            :func:`autograder.sandbox.make_sandbox` probes once per process and passes it).
        template: the box of a warm template: bubblewrap keeps CAP_SYS_ADMIN (+ CAP_SETPCAP) inside
            the sandbox's user namespace, which :mod:`genmodels_lab.runtime.confine` uses to give
            each child namespaces of its own and then drops; no CPU-seconds or address-space rlimit
            on the long-lived template (each child gets its own).
    """

    level = "strict"
    warm = False

    def __init__(self, limits, device: str = "cpu", hidden: tuple = (), *, info: StrictInfo,
                 template: bool = False):
        self.info = info
        self.template = template
        self.limits = limits
        self.device = device
        self.hidden = tuple(str(h) for h in hidden)
        self.slot: Optional[Slot] = None
        self.cgroup: Optional[Cgroup] = None
        self.workdir: Optional[str] = None
        self._tmpfs = False
        self._lifeline: Optional[int] = None
        self.memory_mode = "rlimit-as"

    # -- life cycle --------------------------------------------------------------
    def prepare(self) -> str:
        """Take a slot, make the work folder (owned by the slot user) and the cgroup."""
        if self.workdir is not None:
            return self.workdir
        self.slot = acquire_slot()
        base = STATE_DIR / "work"
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(base, 0o711)
        d = base / f"slot{self.slot.index}-{secrets.token_hex(6)}"
        d.mkdir(mode=0o700)
        size = int(getattr(self.limits, "disk_bytes", 256 * 1024 ** 2))
        r = subprocess.run(["mount", "-t", "tmpfs", "-o",
                            f"size={size},mode=0700,uid={self.slot.uid},gid={self.slot.gid},nosuid,nodev",
                            "tmpfs", str(d)], capture_output=True)
        self._tmpfs = r.returncode == 0
        os.chown(d, self.slot.uid, self.slot.gid)
        os.chmod(d, 0o700)
        self.workdir = str(d)
        try:
            # CPU quota: the worker's torch threads, at least one CPU (a fork bomb cannot starve the grader)
            self.cgroup = Cgroup.create(f"slot{self.slot.index}-{secrets.token_hex(4)}",
                                        int(self.limits.memory_bytes), int(self.limits.processes),
                                        cpus=max(1, int(self.limits.threads)))
        except OSError:
            self.cgroup = None
        self.memory_mode = self.cgroup.mode if self.cgroup else "rlimit-as"
        return self.workdir

    def _spec(self, argv: list[str]) -> dict:
        lim, slot = self.limits, self.slot
        # applied by the root half with the one rlimit function (genmodels_lab.runtime.limits): a template
        # lives for a whole batch, so it has no CPU or address-space limit (each child gets its own);
        # otherwise the cgroup is the memory boundary and, on CPU, RLIMIT_AS also makes an allocation
        # fail with MemoryError (a clear message) before the OOM killer steps in
        rlimits = {"file": str(Path(limits_module.__file__).resolve()), "limits": dataclasses.asdict(lim),
                   "device": self.device, "nproc": True, "cpu": not self.template,
                   "address_space": False if self.template else None}
        bwrap = [self.info.bwrap,
                 "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                 *(["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP"] if self.template
                   else ["--cap-drop", "ALL"]), "--hostname", "sandbox",
                 "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                 "--size", str(int(getattr(lim, "disk_bytes", 256 * 1024 ** 2))), "--tmpfs", "/tmp",
                 "--bind", _STAGE, SANDBOX_WORK, "--tmpfs", "/run", "--chdir", SANDBOX_WORK]
        # the private /tmp and /run above would hide a runtime that lives there (a venv in a
        # checkout under /tmp, as in CI): bind those read-only again (recursive binds keep the
        # hidden material covered by the mount plan)
        for path in mounts._runtime_paths():
            if _under(path, "/tmp") or _under(path, "/run"):
                bwrap += ["--ro-bind", path, path]
        if self.device != "cpu":
            for dev in sorted(os.listdir("/dev")):
                if dev.startswith("nvidia"):
                    bwrap += ["--dev-bind", f"/dev/{dev}", f"/dev/{dev}"]
        return {"cgroup_procs": self.cgroup.procs_files if self.cgroup else [],
                "plan": mount_plan(self.hidden, self.workdir), "rlimits": rlimits,
                "uid": slot.uid, "gid": slot.gid, "argv": bwrap + ["--"] + argv}

    def _popen(self, argv: list[str], fds: tuple, env: dict, stdout=subprocess.PIPE,
               stderr=subprocess.PIPE) -> _SandboxProcess:
        if self.workdir is None:
            self.prepare()
        life_r, life_w = os.pipe()  # the launcher sees EOF when this grader process is gone
        spec = self._spec(argv)
        spec.update({"lifeline": life_r, "close": list(fds)})
        launcher = [sys.executable, "-I", "-S", str(Path(__file__).with_name("rootlaunch.py")), "--launch",
                    json.dumps(spec)]
        try:
            popen = subprocess.Popen(launcher, stdin=subprocess.DEVNULL, stdout=stdout,
                                     stderr=stderr, cwd="/", env=env, pass_fds=tuple(fds) + (life_r,),
                                     close_fds=True, start_new_session=True)
        except BaseException:
            os.close(life_w)
            raise
        finally:
            os.close(life_r)
        if self._lifeline is not None:
            with contextlib.suppress(OSError):
                os.close(self._lifeline)
        self._lifeline = life_w
        return _SandboxProcess(popen)

    def env(self) -> dict:
        return worker_env(self.limits, {"HOME": "/tmp", "TMPDIR": "/tmp", "USER": "student", "LOGNAME": "student"})

    def prestart(self, assignment: str) -> None:
        pass

    def spawn(self, fd_in: int, fd_out: int, assignment: str):
        """A fresh interpreter running the worker in a fresh sandbox (see :meth:`~.Launcher.spawn`)."""
        argv = runtime_argv("worker", "--fd-in", str(fd_in), "--fd-out", str(fd_out))
        return self._popen(argv, (fd_in, fd_out), self.env())

    def oom_kills(self) -> int:
        return self.cgroup.oom_kills() if self.cgroup else 0

    def oom_killed(self) -> bool:
        return self.oom_kills() > 0

    def cleanup(self) -> None:
        """Kill every process of the slot, remove the cgroup, wipe the work folder, free the slot."""
        slot, self.slot = self.slot, None
        if self._lifeline is not None:  # the launcher kills the sandbox if it is still running
            with contextlib.suppress(OSError):
                os.close(self._lifeline)
            self._lifeline = None
        if slot is not None:
            _sweep_uid(slot)
        if self.cgroup is not None:
            self.cgroup.kill()
            self.cgroup.remove()
            self.cgroup = None
        if slot is not None:
            _sweep_uid(slot)
        if self.workdir is not None:
            _wipe(self.workdir, self._tmpfs)
            self.workdir = None
        if slot is not None:
            release_slot(slot)


def _wipe(path: str, tmpfs: bool) -> None:
    if tmpfs:
        subprocess.run(["umount", "-l", path], capture_output=True)
    shutil.rmtree(path, ignore_errors=True)
