"""Basic + warm: the grader's half of the warm template (the template itself is
:mod:`genmodels_lab.runtime.template`).

Starting a worker the plain way pays the interpreter start and ``import torch`` (about 2 s here)
for every submission and every restart.  A template pays it once: it is started with the same
clean environment and interpreter flags as a plain worker, imports torch, numpy, matplotlib, the
public runtime and harness and whatever the released notebook imports (:func:`preload_modules`),
and then only forks one fresh worker per request.

:class:`Zygote` is the handle on one template process (basic starts it as a plain subprocess; the
strict level starts it inside a slot's sandbox, :mod:`autograder.sandbox.strict.templates`).
:class:`ZygoteProcess` is the Popen-like handle on a forked worker.  One basic template per grader
process and environment is kept in :data:`_zygotes`.
"""
from __future__ import annotations

import json
import os
import re
import select
import signal
import socket
import subprocess
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Optional

from genmodels_lab.runtime.template import FORBIDDEN, recv_msg, send_msg

from .common import runtime_argv

#: Modules every template preloads (all public: nothing here may hold solutions or hidden tests).
BASE_PRELOAD = ("genmodels_lab.runtime.confine", "pyseccomp", "torch", "torch.nn", "torch.nn.functional",
                "torch.optim", "torch._dynamo", "torch.distributions", "numpy", "safetensors.torch", "matplotlib",
                "matplotlib.pyplot", "sklearn.datasets", "genmodels_lab.runtime.wire",
                "genmodels_lab.runtime.worker", "genmodels_lab.runtime.tree", "genmodels_lab",
                "genmodels_lab.harness.common")
#: Seconds to wait for a template to answer a fork request (at least the limits' startup_seconds).
FORK_TIMEOUT = 30.0

_ledger_lock = threading.Lock()
_ledger = {"spawns": 0, "spawn_s": 0.0, "worker_cpu_s": 0.0, "worker_maxrss_kb": 0, "reaped": 0}


def usage() -> dict:
    """Cumulative counters of this grader process: forks, seconds spent forking, workers' CPU and peak RSS."""
    with _ledger_lock:
        return dict(_ledger)


def _account(**delta) -> None:
    with _ledger_lock:
        for k, v in delta.items():
            if k == "worker_maxrss_kb":
                _ledger[k] = max(_ledger[k], v)
            else:
                _ledger[k] += v


class ThreadedZygote(RuntimeError):
    """A preloaded module started a thread in the zygote: fork is unsafe, plain workers are used."""


class ZygoteProcess:
    """A Popen-like handle on a worker forked by a zygote (the zygote reaps it and reports its status)."""

    def __init__(self, pid: int, status: socket.socket, stdout, stderr):
        self.pid = pid
        self.returncode: Optional[int] = None
        self.maxrss_kb = 0
        self.cpu_s = 0.0
        self.stdout, self.stderr = stdout, stderr
        self.stdin = None
        self.args = ["<zygote worker>"]
        self._status = status
        self._lock = threading.Lock()

    def _collect(self, timeout: Optional[float]) -> Optional[int]:
        with self._lock:
            if self.returncode is not None:
                return self.returncode
            ready, _, _ = select.select([self._status], [], [], timeout)
            if not ready:
                return None
            try:
                info, _ = recv_msg(self._status)
            except (EOFError, OSError, ValueError):
                info = {"returncode": None}
            rc = info.get("returncode")
            if rc is None:  # the zygote died before reaping: find out ourselves
                rc = -signal.SIGKILL if not _pid_alive(self.pid) else None
                if rc is None:
                    return None
            self.returncode = int(rc)
            self.maxrss_kb = int(info.get("maxrss_kb", 0) or 0)
            self.cpu_s = float(info.get("cpu_s", 0.0) or 0.0)
            self._status.close()
            _account(reaped=1, worker_cpu_s=self.cpu_s, worker_maxrss_kb=self.maxrss_kb)
            return self.returncode

    def poll(self) -> Optional[int]:
        return self._collect(0)

    def wait(self, timeout: Optional[float] = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            rc = self._collect(0.5 if left is None else min(left, 0.5))
            if rc is not None:
                return rc
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(self.args, timeout)

    def send_signal(self, sig: int) -> None:
        if self.returncode is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        for s in (self.stdout, self.stderr):
            try:
                s.close()
            except OSError:
                pass
        self.wait()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def notebook_imports(assignment: str, root: Optional[Path] = None) -> list[str]:
    """Top-level ``import``/``from`` modules of the released notebook(s) of ``assignment``."""
    root = root or Path(__file__).resolve().parents[2]
    mods: list[str] = []
    for nb in sorted((root / "release" / assignment).glob("*.ipynb")):
        try:
            cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            for m in re.finditer(r"^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))", src, re.M):
                name = m.group(1) or m.group(2)
                if name and name not in mods:
                    mods.append(name)
    return mods


class Zygote:
    """Grader-side handle on one zygote process (one per grader process and environment)."""

    def __init__(self, env: dict, modules: list[str], launch=None):
        """Start the template; ``launch(argv, ctl_fd, env)`` starts it another way (the strict level
        starts it inside a slot's sandbox) and returns a Popen-like handle."""
        self.env, self.modules = env, modules
        self.lock = threading.Lock()
        self.ctl, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        argv = runtime_argv("template", str(theirs.fileno()), json.dumps(modules))
        try:
            if launch is None:
                self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL, cwd="/", env=env,
                                             pass_fds=(theirs.fileno(),), close_fds=True, start_new_session=True)
            else:
                self.proc = launch(argv, theirs.fileno(), env)
        except BaseException:
            self.ctl.close()
            raise
        finally:
            theirs.close()
        self.ready: Optional[dict] = None
        self.started = time.monotonic()

    def wait_ready(self, timeout: float) -> dict:
        if self.ready is None:
            ready, _, _ = select.select([self.ctl], [], [], timeout)
            if not ready:
                raise TimeoutError(f"the zygote did not start within {timeout:g} s")
            msg, _ = recv_msg(self.ctl)
            if msg.get("op") != "ready":
                raise RuntimeError(f"unexpected zygote message {msg!r}")
            self.ready = msg
        return self.ready

    def alive(self) -> bool:
        return self.proc.poll() is None

    def spawn(self, fd_in: int, fd_out: int, env: dict, workdir: str, limits, device: str,
              timeout: float, confine: Optional[dict] = None) -> ZygoteProcess:
        t0 = time.monotonic()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                if self.wait_ready(timeout).get("threads", 1) > 1:
                    raise ThreadedZygote("the zygote has more than one thread after its imports; forking it "
                                         "is not safe")
                send_msg(self.ctl, {"op": "spawn", "env": env, "workdir": workdir, "limits": asdict(limits),
                                     "device": device, "confine": confine},
                          (fd_in, fd_out, out_w, err_w, theirs.fileno()))
        except BaseException:
            for fd in (out_r, err_r):
                os.close(fd)
            mine.close()
            raise
        finally:
            os.close(out_w)
            os.close(err_w)
            theirs.close()
        ready, _, _ = select.select([mine], [], [], timeout)
        info = None
        if ready:
            try:
                info, _ = recv_msg(mine)
            except (EOFError, OSError, ValueError):
                info = None
        if not info or "pid" not in info:
            os.close(out_r)
            os.close(err_r)
            mine.close()
            raise RuntimeError("the zygote did not fork a worker")
        _account(spawns=1, spawn_s=time.monotonic() - t0)
        return ZygoteProcess(int(info["pid"]), mine, os.fdopen(out_r, "rb"), os.fdopen(err_r, "rb"))

    def close(self) -> None:
        try:
            self.ctl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def preload_modules(assignment: str) -> list[str]:
    """What a template for ``assignment`` imports: :data:`BASE_PRELOAD`, the chapter's public harness
    and the released notebook's own imports (never a module under ``FORBIDDEN``: the template
    skips those)."""
    modules = list(BASE_PRELOAD)
    if assignment:
        modules.append(f"genmodels_lab.harness.{assignment}")
        modules += [m for m in notebook_imports(assignment) if m not in modules]
    return [m for m in modules if not any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


def fork_timeout(limits) -> float:
    """Seconds to wait for a template to start and fork: :data:`FORK_TIMEOUT`, or the limits'
    ``startup_seconds`` when that is longer."""
    return max(FORK_TIMEOUT, float(limits.startup_seconds))


_zygotes: dict = {}
_zlock = threading.Lock()


def get(env: dict, assignment: str = "") -> Zygote:
    """This process's basic template for ``env`` and ``assignment`` (started on first use; restarted
    if it died)."""
    modules = preload_modules(assignment)
    key = (tuple(sorted(env.items())), tuple(modules))
    with _zlock:
        z = _zygotes.get(key)
        if z is None or not z.alive():
            if z is not None:
                z.close()
            z = _zygotes[key] = Zygote(env, modules)
        return z


def spawn(env: dict, assignment: str, fd_in: int, fd_out: int, worker_env: dict, workdir: str, limits,
          device: str) -> Optional[ZygoteProcess]:
    """Fork a worker from the basic template for ``env``; None if no template can be used (it is
    multi-threaded, or it failed twice: the caller then starts a plain subprocess)."""
    for _attempt in range(2):
        z = get(env, assignment)
        try:
            return z.spawn(fd_in, fd_out, worker_env, workdir, limits, device, fork_timeout(limits))
        except ThreadedZygote:
            return None  # keep it (so it is not restarted for every worker) but never fork it
        except (OSError, RuntimeError, TimeoutError, EOFError, ValueError):
            with _zlock:
                for k, v in list(_zygotes.items()):
                    if v is z:
                        del _zygotes[k]
            try:
                z.proc.kill()
            except OSError:
                pass
            z.close()
    return None


def shutdown() -> None:
    """Stop this process's basic templates (they also stop by themselves when this process exits)."""
    with _zlock:
        zs = list(_zygotes.values())
        _zygotes.clear()
    for z in zs:
        z.close()
