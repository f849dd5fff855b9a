"""Warm worker launcher: a template process that has imported torch forks one fresh worker per submission.

Starting a worker the plain way (``python -c ... autograder.worker``) pays the
interpreter start and ``import torch`` (about 2 s here) for every submission and
every restart.  A *zygote* pays it once: it is started with the same clean
environment and interpreter flags as a plain worker, imports torch, numpy,
matplotlib, the public ``autograder.worker`` / ``wire`` / ``student`` /
``harness`` modules and whatever the released notebook imports, and then only
forks.  It never imports ``solutions`` or the hidden suites, and it never runs
student code: each submission runs in a *fresh* child forked from the pristine
template, so nothing a student does can reach the next student (fork gives a
copy-on-write copy of the template, not of any earlier child).

The child (forked from the zygote) does what ``BasicSandbox.preexec`` does for a
plain worker (``setsid``, rlimits -- the very same function,
:func:`autograder.sandbox.apply_limits`, so hardening there applies here too; a
strict template's child is first given namespaces of its own, loses every
capability and loads the seccomp filter, :mod:`autograder.confine`), ``chdir`` to the fresh work folder, replaces its environment
with the clean one, re-seeds numpy's global generator (as a fresh process would
have), wires stdout/stderr to the grader's pipes, closes every other descriptor
and runs :func:`autograder.worker.main` on the passed descriptors.

Protocol (grader -> zygote, one UNIX stream socket): a length-prefixed JSON
request with five descriptors attached by ``SCM_RIGHTS``: the worker's request
pipe, its reply pipe, stdout and stderr write ends and a per-worker *status*
socket.  On the status socket the zygote answers ``{"pid": N}`` after the fork
and ``{"returncode": rc, "maxrss_kb": ..., "cpu_s": ...}`` when it has reaped the
child (``wait4``).  When the grader goes away (control socket EOF) the zygote
kills the process groups of its live children and exits.

:class:`ZygoteProcess` is the Popen-like handle (``pid``, ``poll``, ``wait``,
``kill``, ``send_signal``, ``terminate``, ``returncode``, ``stdout``, ``stderr``)
returned by :meth:`autograder.sandbox.BasicSandbox.spawn`.

Disable with ``AUTOGRADER_ZYGOTE=0`` (every worker is then a plain subprocess).
GPU: the zygote never initialises CUDA (it does not touch ``torch.cuda``), so
every forked child creates its own CUDA context: a clean device per submission.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from typing import Optional

#: Modules every zygote preloads (all public: nothing here may hold solutions or hidden tests).
BASE_PRELOAD = ("autograder.confine", "pyseccomp", "torch", "torch.nn", "torch.nn.functional", "torch.optim", "torch._dynamo", "torch.distributions",
                "numpy", "safetensors.torch", "matplotlib",
                "matplotlib.pyplot", "sklearn.datasets", "autograder.wire", "autograder.worker",
                "genmodels_lab", "genmodels_lab.harness.common")
#: Never preloaded, whatever a notebook imports (the grader's trusted side).
FORBIDDEN = ("solutions", "autograder.suites", "autograder.engine", "autograder.plugin", "autograder.proxy",
             "autograder.batch", "autograder.notebook", "pytest", "_pytest")
#: Seconds to wait for the zygote to answer a fork request.
FORK_TIMEOUT = 30.0

_HDR = struct.Struct("!I")


def enabled() -> bool:
    return os.environ.get("AUTOGRADER_ZYGOTE", "1").strip().lower() not in ("0", "no", "false", "off")


# ---------------------------------------------------------------------------------------------
# usage ledger (grader side): what the workers reaped by this process's zygotes consumed
# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
# framing
# ---------------------------------------------------------------------------------------------
def _send_msg(sock: socket.socket, obj: dict, fds: tuple = ()) -> None:
    data = json.dumps(obj).encode()
    payload = _HDR.pack(len(data)) + data
    if fds:
        socket.send_fds(sock, [payload], list(fds))
    else:
        sock.sendall(payload)


def _recv_exact(sock: socket.socket, n: int, fds: list) -> bytes:
    buf = b""
    while len(buf) < n:
        data, got, _flags, _addr = socket.recv_fds(sock, n - len(buf), 8)
        fds.extend(got)
        if not data:
            raise EOFError
        buf += data
    return buf


def _recv_msg(sock: socket.socket) -> tuple[dict, list]:
    fds: list = []
    (n,) = _HDR.unpack(_recv_exact(sock, _HDR.size, fds))
    return json.loads(_recv_exact(sock, n, fds)), fds


# ---------------------------------------------------------------------------------------------
# the zygote process
# ---------------------------------------------------------------------------------------------
def _child(req: dict, fd_in: int, fd_out: int, out_w: int, err_w: int) -> None:
    """In the forked child: become a fresh, limited worker and serve the grader.  Never returns."""
    code = 1
    try:
        from autograder.sandbox import Limits, apply_limits

        limits = Limits(**req["limits"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)  # from here on, a failure below is reported on the worker's stderr
        if req.get("confine") is not None:  # strict template: own namespaces, no caps, seccomp (confine.py)
            from autograder import confine

            confine.enter(req["confine"], lambda: apply_limits(limits, req["device"], nproc=True))
        else:  # basic: setsid + rlimits, the plain worker's own function
            os.setsid()
            apply_limits(limits, req["device"])
        os.chdir(req["workdir"])
        os.environ.clear()
        os.environ.update(req["env"])
        keep = sorted({0, 1, 2, fd_in, fd_out})
        lo = 3
        for k in keep:
            if k >= lo:
                os.closerange(lo, k)
                lo = k + 1
        os.closerange(lo, 65536)
        os.set_inheritable(fd_in, True)
        os.set_inheritable(fd_out, True)
        for name in ("stdout", "stderr"):
            stream = getattr(sys, name)
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        if "numpy" in sys.modules:  # a fresh process would have its own seed
            sys.modules["numpy"].random.seed()
        import torch

        torch.set_num_threads(max(1, int(limits.threads)))
        from autograder import worker

        worker.main(["--fd-in", str(fd_in), "--fd-out", str(fd_out)])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # noqa: BLE001 - report on the worker's stderr, then exit
        import traceback

        try:
            traceback.print_exc()
            sys.stderr.flush()
        except Exception:  # noqa: BLE001
            pass
    finally:
        os._exit(code)


def _preload(modules: list[str]) -> list[str]:
    import importlib

    failed = []
    for name in modules:
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - a missing optional module only costs time later
            failed.append(name)
    return failed


def serve(ctl_fd: int, modules: list[str]) -> None:
    """The zygote's main loop (runs in the zygote process)."""
    ctl = socket.socket(fileno=ctl_fd)
    os.environ.setdefault("MPLBACKEND", "Agg")
    failed = _preload(modules)
    import gc

    gc.collect()
    gc.freeze()  # children's garbage collections skip the template's objects: no copy-on-write storm
    children: dict[int, socket.socket] = {}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    os.set_blocking(wake_r, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    _send_msg(ctl, {"op": "ready", "pid": os.getpid(), "failed": failed,
                    "threads": len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 0})

    def reap() -> None:
        while children:
            try:
                pid, status, ru = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            st = children.pop(pid, None)
            if st is None:
                continue
            rc = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            try:
                _send_msg(st, {"returncode": rc, "maxrss_kb": ru.ru_maxrss, "cpu_s": ru.ru_utime + ru.ru_stime})
            except OSError:
                pass
            st.close()

    try:
        while True:
            try:
                ready, _, _ = select.select([ctl, wake_r], [], [], 5.0)
            except InterruptedError:
                ready = []
            if wake_r in ready:
                try:
                    while os.read(wake_r, 512):
                        pass
                except (BlockingIOError, OSError):
                    pass
            reap()
            if ctl not in ready:
                continue
            try:
                req, fds = _recv_msg(ctl)
            except (EOFError, OSError, ValueError):
                return  # the grader went away
            if req.get("op") != "spawn" or len(fds) != 5:
                for fd in fds:
                    os.close(fd)
                continue
            fd_in, fd_out, out_w, err_w, st_fd = fds
            st = socket.socket(fileno=st_fd)
            pid = os.fork()
            if pid == 0:
                ctl.close()
                st.close()
                _child(req, fd_in, fd_out, out_w, err_w)
            for fd in (fd_in, fd_out, out_w, err_w):
                os.close(fd)
            children[pid] = st
            try:
                _send_msg(st, {"pid": pid})
            except OSError:
                pass
            reap()
    finally:
        for pid in list(children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        os._exit(0)


def main() -> None:  # python -c "...; from autograder.zygote import main; main()" CTL_FD MODULES_JSON
    serve(int(sys.argv[1]), json.loads(sys.argv[2]))


# ---------------------------------------------------------------------------------------------
# grader side
# ---------------------------------------------------------------------------------------------
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
                info, _ = _recv_msg(self._status)
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
    root = root or Path(__file__).resolve().parents[1]
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
        root = str(Path(__file__).resolve().parents[1])
        self.ctl, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = f"import sys; sys.path.insert(0, {root!r}); from autograder.zygote import main; main()"
        argv = [sys.executable, "-E", "-s", "-c", boot, str(theirs.fileno()), json.dumps(modules)]
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
            msg, _ = _recv_msg(self.ctl)
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
                _send_msg(self.ctl, {"op": "spawn", "env": env, "workdir": workdir, "limits": asdict(limits),
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
                info, _ = _recv_msg(mine)
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


_zygotes: dict = {}
_zlock = threading.Lock()


def _key(env: dict, modules: list[str]) -> tuple:
    return (sys.executable, tuple(sorted(env.items())), tuple(modules))


def get(env: dict, assignment: str = "") -> Zygote:
    """The zygote of this process for ``env`` (started on first use; restarted if it died)."""
    modules = _modules(assignment)
    key = _key(env, modules)
    with _zlock:
        z = _zygotes.get(key)
        if z is None or not z.alive():
            if z is not None:
                z.close()
            z = _zygotes[key] = Zygote(env, modules)
        return z


def prestart(sandbox, assignment: str = "") -> None:
    """Start (not wait for) the zygote ``sandbox`` would use, so its imports overlap other work."""
    if enabled():
        get(sandbox.env({}), assignment)


def spawn(sandbox, fd_in: int, fd_out: int, extra_env: dict, workdir: str) -> Optional[ZygoteProcess]:
    """Fork a worker for ``sandbox`` (a BasicSandbox) from the warm zygote; None if no zygote can be used
    (the caller then starts a plain subprocess)."""
    if not enabled() or getattr(sandbox, "level", "") != "basic":
        return None
    from .sandbox import BasicSandbox

    if type(sandbox).command is not BasicSandbox.command or type(sandbox).preexec is not BasicSandbox.preexec:
        return None  # a customised sandbox starts its own way
    extra = dict(extra_env or {})
    assignment = str(extra.get("AUTOGRADER_ASSIGNMENT", ""))
    base_env = sandbox.env({})
    full_env = sandbox.env(extra)
    for attempt in range(2):
        z = get(base_env, assignment)
        try:
            return z.spawn(fd_in, fd_out, full_env, workdir, sandbox.limits, sandbox.device,
                           max(FORK_TIMEOUT, float(sandbox.limits.startup_seconds)))
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
    """Stop this process's zygotes and strict templates (they also stop by themselves when this
    process exits; a strict slot left behind is cleaned by the next grader that takes it)."""
    with _zlock:
        zs = list(_zygotes.values())
        _zygotes.clear()
    for z in zs:
        z.close()
    _shutdown_strict()


# ---------------------------------------------------------------------------------------------
# strict: one warm template per slot, inside that slot's sandbox
# ---------------------------------------------------------------------------------------------
#: Memory a strict template itself holds (torch and the worker imported), added to its slot's
#: cgroup on top of the worker's ``memory_bytes`` (the child's pages are charged to the same cgroup).
TEMPLATE_BYTES = 1536 * 1024 ** 2


#: Idle strict templates one grader process keeps (others are closed, their slots freed); a
#: process that grades with several limit settings, like the test suite, would otherwise keep one each.
MAX_IDLE_TEMPLATES = 2


class TemplateFailed(RuntimeError):
    """A strict template could not be started or could not fork a confined worker (infrastructure)."""


class StrictTemplate:
    """A zygote inside one strict slot's sandbox (slot uid, bubblewrap, masked view, cgroup).

    It serves one submission at a time, so concurrent submissions never share a uid; each child is
    confined by :mod:`autograder.confine` before the worker runs.
    """

    def __init__(self, limits, device: str, env: dict, modules: list[str]):
        import dataclasses
        import tempfile

        from .strict import StrictSandbox

        self.key_limits = limits
        self.box = StrictSandbox(dataclasses.replace(limits, memory_bytes=limits.memory_bytes + TEMPLATE_BYTES),
                                 device, (), template=True)
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
        from . import confine
        from .strict import host_pid

        self.wait_ready(timeout)
        self.oom_base = self.box.oom_kills()
        spec = {"disk_bytes": int(limits.disk_bytes), "hidden": [str(h) for h in hidden]}
        try:
            proc = self.zygote.spawn(fd_in, fd_out, env, confine.WORK, limits, device, timeout, confine=spec)
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
        from .strict import kill_nested

        return kill_nested(self.box.slot.uid) and self.alive()

    def close(self) -> None:
        try:
            self.zygote.close()
        finally:
            self.box.cleanup()
            try:
                self.errors.close()
            except OSError:
                pass


_idle: dict = {}
_slock = threading.Lock()


def _strict_key(sandbox, env: dict, modules: list[str]) -> tuple:
    return (sys.executable, asdict(sandbox.limits).items().__repr__(), sandbox.device,
            tuple(sorted(env.items())), tuple(modules))


def _modules(assignment: str) -> list[str]:
    modules = list(BASE_PRELOAD)
    if assignment:
        modules.append(f"genmodels_lab.harness.{assignment}")
        modules += [m for m in notebook_imports(assignment) if m not in modules]
    return modules


def take_template(sandbox, assignment: str = "") -> StrictTemplate:
    """An idle strict template for ``sandbox`` (a StrictSandbox), or a new one (a slot of its own)."""
    modules = _modules(assignment)
    env = sandbox.env({})
    key = _strict_key(sandbox, env, modules)
    with _slock:
        pool = _idle.setdefault(key, [])
        while pool:
            t = pool.pop()
            if t.alive():
                t.key = key
                return t
            t.close()
    t = StrictTemplate(sandbox.limits, sandbox.device, env, modules)
    t.key = key
    return t


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


def prestart_strict(sandbox, assignment: str = "") -> None:
    """Start a strict template now (its imports overlap other work); it waits in the idle pool."""
    if enabled():
        give_back(take_template(sandbox, assignment), True)


def spawn_strict(sandbox, fd_in: int, fd_out: int, extra_env: dict):
    """Fork a confined worker for ``sandbox`` (a StrictSandbox) from a warm strict template.

    Returns ``(template, process)``, or None when warm starts are off (``AUTOGRADER_ZYGOTE=0``)
    or the template is multi-threaded (the caller then starts a cold strict worker).

    Raises:
        TemplateFailed: twice in a row a template could not start or fork (an infrastructure
            failure, never the student's).
    """
    if not enabled():
        return None
    extra = dict(extra_env or {})
    env = sandbox.env(extra)
    error = None
    for _attempt in range(2):
        t = take_template(sandbox, str(extra.get("AUTOGRADER_ASSIGNMENT", "")))
        try:
            if t.wait_ready(max(FORK_TIMEOUT, float(sandbox.limits.startup_seconds))).get("threads", 1) > 1:
                t.close()
                return None
            proc = t.spawn(fd_in, fd_out, env, sandbox.limits, sandbox.device, sandbox.hidden,
                           max(FORK_TIMEOUT, float(sandbox.limits.startup_seconds)))
            return t, proc
        except TemplateFailed as exc:
            error = exc
            t.close()
    raise error


def _shutdown_strict() -> None:
    """Close the idle strict templates: their slots' cgroups, work folders and locks are freed."""
    with _slock:
        ts = [t for pool in _idle.values() for t in pool]
        _idle.clear()
    for t in ts:
        try:
            t.close()
        except Exception:  # noqa: BLE001 - exiting anyway
            pass


atexit.register(_shutdown_strict)
