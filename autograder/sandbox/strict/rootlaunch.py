"""Strict level: the launcher's root half, run as a script (``python -I -S rootlaunch.py --launch SPEC``).

It builds the private mount view that :func:`autograder.sandbox.strict.mounts.mount_plan` lists,
joins the slot's cgroup, sets the rlimits, drops to the slot user (no supplementary groups,
``no_new_privs``) and execs bubblewrap.  Root does only what needs root: bubblewrap itself runs
unprivileged, so files are read with the slot user's rights.

Standard library only, no package imports: it runs with ``-I -S`` from its file path.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import signal
import sys
import time

#: Size of the skeleton tmpfs laid over hidden directories (holds only mount points).
_MASK_SIZE = "1m"
# Linux constants (x86_64 and aarch64 share them).
_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
_PR_SET_NO_NEW_PRIVS = 38


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _mount(libc, src, dst, fstype, flags, data=None) -> None:
    enc = (lambda s: None if s is None else s.encode())
    if libc.mount(enc(src), enc(dst), enc(fstype), flags, enc(data)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"mount {src} on {dst}: {os.strerror(e)}")


def _apply_limits(rl: dict) -> None:
    """The worker's rlimits, set with the one function every launcher uses
    (``genmodels_lab/runtime/limits.py``, loaded by path: this script imports no package)."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("_autograder_limits", rl["file"])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.apply_limits(SimpleNamespace(**rl["limits"]), rl["device"], nproc=rl["nproc"], cpu=rl["cpu"],
                        address_space=rl["address_space"])


def launch(spec: dict) -> None:
    """Build the private mount view, then fork: the child joins the cgroup, sets rlimits, drops to
    the slot user and execs bwrap; this process (root, outside the cgroup) supervises it.

    bwrap's ``--die-with-parent`` is tied to the *thread* that started it; the supervisor's only
    thread lives exactly as long as the sandbox, so a grader that starts workers from a short-lived
    thread does not kill them.  The grader's death is seen on the ``lifeline`` pipe (EOF) and kills
    the sandbox.  Exit status: the child's, or 128 + signal.
    """
    libc = _libc()
    if libc.unshare(_CLONE_NEWNS) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"unshare(CLONE_NEWNS): {os.strerror(e)}")
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
    # open every bind source before anything is covered
    fds = {}
    for op in spec["plan"]:
        if op[0] == "bind" and op[1] not in fds:
            fds[op[1]] = os.open(op[1], os.O_PATH | os.O_CLOEXEC)
    for op in spec["plan"]:
        if op[0] == "mask":
            path = op[1]
            if os.path.isdir(path) and not os.path.islink(path):
                _mount(libc, "tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV, f"mode=0755,size={_MASK_SIZE}")
            elif os.path.isfile(path):
                _mount(libc, "/dev/null", path, None, _MS_BIND)
        else:
            src, dst = op[1], op[2]
            if os.path.isdir(f"/proc/self/fd/{fds[src]}"):
                os.makedirs(dst, mode=0o755, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(dst), mode=0o755, exist_ok=True)
                if not os.path.exists(dst):
                    open(dst, "a").close()
            _mount(libc, f"/proc/self/fd/{fds[src]}", dst, None, _MS_BIND | _MS_REC)
    for fd in fds.values():
        os.close(fd)
    lifeline = spec.get("lifeline")
    child = os.fork()
    if child == 0:
        try:
            if lifeline is not None:
                os.close(lifeline)
            for f in spec["cgroup_procs"]:
                with open(f, "w") as fh:
                    fh.write(str(os.getpid()))
            _apply_limits(spec["rlimits"])
            uid, gid = int(spec["uid"]), int(spec["gid"])
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            if os.getuid() == 0 or os.geteuid() == 0:
                raise OSError(errno.EPERM, "still root after dropping privileges")
            libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
            argv = spec["argv"]
            os.execv(argv[0], argv)
        except BaseException as exc:  # noqa: BLE001
            sys.stderr.write(f"autograder strict launcher: {type(exc).__name__}: {exc}\n")
            sys.stderr.flush()
        os._exit(126)
    for fd in spec.get("close", []):  # the worker's pipes: only the sandbox may hold them
        with contextlib.suppress(OSError):
            os.close(fd)
    import select

    while True:
        pid, status = os.waitpid(child, os.WNOHANG)
        if pid:
            os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
        if lifeline is None:
            time.sleep(0.2)
            continue
        ready, _, _ = select.select([lifeline], [], [], 0.2)
        if ready and not os.read(lifeline, 64):  # the grader is gone
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            os._exit(128 + signal.SIGKILL)


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--launch":
    try:
        launch(json.loads(sys.argv[2]))
    except BaseException as exc:  # noqa: BLE001 - report and fail; the grader sees the exit
        sys.stderr.write(f"autograder strict launcher: {type(exc).__name__}: {exc}\n")
        sys.stderr.flush()
        os._exit(126)
