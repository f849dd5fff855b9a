"""The warm template's own side (runs inside the sandbox): preload, then fork one fresh worker per request.

This is the public half of the warm launchers (the grader's half is :mod:`autograder.sandbox.warm`
for basic and :mod:`autograder.sandbox.strict.templates` for strict).  A template is started with
the worker's clean environment and interpreter flags, imports torch, numpy, matplotlib, this
package's worker and harness and whatever the released notebook imports, and then only forks.  It
never imports the grader (``autograder``), the references or the hidden suites: inside the strict
sandbox those are not even visible.  Each submission runs in a *fresh* child forked from the
pristine template, so nothing a student does can reach the next student (fork gives a copy-on-write
copy of the template, not of any earlier child).

The child does what a plain basic worker's ``preexec`` does (``setsid`` and the rlimits of
:func:`genmodels_lab.runtime.limits.apply_limits`, the one function every level uses); a strict
template's child is first given namespaces of its own, loses every capability and loads the seccomp
filter (:mod:`genmodels_lab.runtime.confine`).  Then it changes to its work folder, replaces its
environment with the clean one, re-seeds numpy's global generator (as a fresh process would have),
wires stdout/stderr to the grader's pipes, closes every other descriptor and runs
:func:`genmodels_lab.runtime.worker.main` on the passed descriptors.

Protocol (grader -> template, one UNIX stream socket): a length-prefixed JSON request with five
descriptors attached by ``SCM_RIGHTS``: the worker's request pipe, its reply pipe, stdout and stderr
write ends and a per-worker *status* socket.  On the status socket the template answers
``{"pid": N}`` after the fork and ``{"returncode": rc, "maxrss_kb": ..., "cpu_s": ...}`` when it has
reaped the child (``wait4``).  When the grader goes away (control socket EOF) the template kills the
process groups of its live children and exits.

GPU: the template never initialises CUDA (it does not touch ``torch.cuda``), so every forked child
creates its own CUDA context: a clean device per submission.
"""
from __future__ import annotations

import json
import os
import select
import signal
import socket
import struct
import sys
from types import SimpleNamespace

#: Never preloaded, whatever a notebook imports (the grader's trusted side; not visible under strict).
FORBIDDEN = ("solutions", "autograder", "pytest", "_pytest")

_HDR = struct.Struct("!I")


# ---------------------------------------------------------------------------------------------
# framing
# ---------------------------------------------------------------------------------------------
def send_msg(sock: socket.socket, obj: dict, fds: tuple = ()) -> None:
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


def recv_msg(sock: socket.socket) -> tuple[dict, list]:
    fds: list = []
    (n,) = _HDR.unpack(_recv_exact(sock, _HDR.size, fds))
    return json.loads(_recv_exact(sock, n, fds)), fds


# ---------------------------------------------------------------------------------------------
# the template process
# ---------------------------------------------------------------------------------------------
def _child(req: dict, fd_in: int, fd_out: int, out_w: int, err_w: int) -> None:
    """In the forked child: become a fresh, limited worker and serve the grader.  Never returns."""
    code = 1
    try:
        from .limits import apply_limits

        limits = SimpleNamespace(**req["limits"])
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)  # from here on, a failure below is reported on the worker's stderr
        if req.get("confine") is not None:  # strict template: own namespaces, no caps, seccomp (confine.py)
            from . import confine

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
        from . import worker

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
    """The template's main loop (runs in the template process)."""
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
    send_msg(ctl, {"op": "ready", "pid": os.getpid(), "failed": failed,
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
                send_msg(st, {"returncode": rc, "maxrss_kb": ru.ru_maxrss, "cpu_s": ru.ru_utime + ru.ru_stime})
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
                req, fds = recv_msg(ctl)
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
                send_msg(st, {"pid": pid})
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


def main() -> None:  # python -E -s -m genmodels_lab.runtime.template CTL_FD MODULES_JSON
    serve(int(sys.argv[1]), json.loads(sys.argv[2]))



if __name__ == "__main__":
    main()
