"""Per-submission confinement inside a strict template: fresh namespaces, no capabilities, seccomp.

The strict level keeps one warm *template* per slot (grader side: :mod:`autograder.sandbox.strict.templates`; template side: :mod:`genmodels_lab.runtime.template`):
a process inside that slot's full sandbox (slot uid, bubblewrap with every
namespace, the masked mount view, the slot's cgroup) that has imported torch and
the public worker and then only forks.  bubblewrap gives the template one
capability, ``CAP_SYS_ADMIN`` (with ``CAP_SETPCAP`` to drop the bounding set),
*inside its own user namespace* -- none on the host -- so that each forked child
can be given namespaces of its own before any student code runs.  This is the
design of Chromium's zygote and of sandbox2's fork server: fork from a pristine
warm process, then confine the child.

:func:`enter` runs in the forked child, outermost first:

1. ``setsid`` and ``PR_SET_PDEATHSIG`` (the child dies with the template).
2. ``unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS)``
   and a second ``fork``: the grandchild is pid 1 of a new pid namespace, an init
   that only reaps and runs the worker as pid 2 (:func:`_init`); when it dies the
   kernel kills everything the student started.  The first child only waits and
   exits with the worker's status (it is the process the grader signals; the
   init has ``PR_SET_PDEATHSIG`` on it).
3. In the grandchild, before the worker is forked, a private mount view: every mount is made read-only
   except device nodes' own semantics; a fresh size-capped tmpfs on ``/tmp``
   (holding the work folder ``/tmp/work``), ``/dev/shm`` and ``/run``; a fresh
   ``/proc`` for the new pid namespace; the per-submission hidden paths covered.
   Nothing written by one submission can reach the next one.
4. Resource limits, with the very function every isolation level uses
   (:func:`genmodels_lab.runtime.limits.apply_limits`).
5. Every capability dropped (bounding, ambient, effective, permitted,
   inheritable), ``PR_SET_NO_NEW_PRIVS``.
6. The seccomp filter (:func:`seccomp_filter`, built with ``pyseccomp``, the
   ctypes binding of the system libseccomp -- no hand-written BPF).

This module imports only the standard library at the top (``pyseccomp`` is
imported when the filter is built).
"""
from __future__ import annotations

import ctypes
import errno
import os
import select
import signal
import socket
import sys

# Linux constants (x86_64 and aarch64 share them).
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP = 0x10000000, 0x20000000, 0x40000000, 0x02000000
CLONE_NEWTIME = 0x00000080
NAMESPACE_FLAGS = (CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET,
                   CLONE_NEWCGROUP, CLONE_NEWTIME)
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_NOEXEC = 1, 2, 4, 8
_MS_REMOUNT, _MS_BIND, _MS_REC, _MS_PRIVATE = 32, 4096, 16384, 1 << 18
#: Mount flags a read-only remount must keep (the kernel refuses to clear locked ones)
_KEEP_FLAGS = (("nosuid", _MS_NOSUID), ("nodev", _MS_NODEV), ("noexec", _MS_NOEXEC), ("noatime", 1024),
               ("nodiratime", 2048), ("relatime", 1 << 21), ("strictatime", 1 << 24))
_PR_SET_PDEATHSIG, _PR_CAPBSET_DROP, _PR_SET_NO_NEW_PRIVS, _PR_CAP_AMBIENT = 1, 24, 38, 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
_CAP_SETPCAP, _CAP_LAST = 8, 63
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

#: Where the worker sees its work folder (inside the child's fresh /tmp).
WORK = "/tmp/work"

#: Syscalls the filter refuses with EPERM (issue 20: no tracing, no new namespaces or mounts,
#: no kernel keyrings, BPF, perf, userfaultfd, kexec, modules; io_uring would bypass seccomp).
DENIED_SYSCALLS = (
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr",
    "open_by_handle_at", "name_to_handle_at",
    "keyctl", "add_key", "request_key",
    "bpf", "perf_event_open", "userfaultfd",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "swapon", "swapoff", "reboot", "acct", "quotactl", "lookup_dcookie", "iopl", "ioperm",
)


class ConfineError(OSError):
    """A confinement step failed: the worker must not run (the grader reports an infrastructure failure)."""


def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return libc


def _check(ret: int, what: str) -> None:
    if ret != 0:
        e = ctypes.get_errno()
        raise ConfineError(e, f"{what}: {os.strerror(e)}")


def _mount(libc, src, dst, fstype, flags, data=None) -> None:
    enc = (lambda s: None if s is None else s.encode())
    _check(libc.mount(enc(src), enc(dst), enc(fstype), flags, enc(data)), f"mount {fstype or src} on {dst}")


#: File systems that hold no files a process could leave for the next one (left as they are).
_NO_FILES = frozenset({"proc", "sysfs", "devpts", "mqueue", "cgroup", "cgroup2", "securityfs", "debugfs",
                       "tracefs", "bpf", "fusectl", "configfs", "pstore", "hugetlbfs", "binfmt_misc"})


def _mount_points() -> list[tuple[str, set, str]]:
    """(mount point, per-mount options, file-system type) of this mount namespace, in mount order (``/proc/self/mountinfo``)."""
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            parts = line.split()
            point = parts[4].encode().decode("unicode_escape")
            fstype = parts[parts.index("-") + 1] if "-" in parts else ""
            out.append((point, set(parts[5].split(",")), fstype))
    return out


def private_mounts(libc, disk_bytes: int, hidden: tuple = (), keep: tuple = ()) -> None:
    """The child's mount view (step 3 of the module docstring); needs CAP_SYS_ADMIN in its userns.

    ``keep``: read-only paths under ``/tmp``, ``/dev/shm`` or ``/run`` that the worker must still read
    after those get fresh tmpfs (the Python runtime, when the course or its venv lives under /tmp):
    bound back read-only on top of the fresh tmpfs."""
    _mount(libc, None, "/", None, _MS_REC | _MS_PRIVATE)
    kept = {}
    points = _mount_points()
    for path in keep:  # opened before anything covers them, with the flags of the mount they are on
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC | os.O_DIRECTORY)
        except OSError:
            continue
        on = max((p for p in points if path == p[0] or path.startswith(p[0].rstrip("/") + "/")),
                 key=lambda p: len(p[0]), default=("/", set(), ""))
        kept[path] = (fd, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV
                      | sum(bit for name, bit in _KEEP_FLAGS if name in on[1]))
    # every writable mount the template sees becomes read-only for this child (whatever bubblewrap
    # left writable: /dev's tmpfs, /run, ...); the fresh tmpfs mounts below are the only writable places
    for point, opts, fstype in reversed(_mount_points()):
        if "rw" not in opts or fstype in _NO_FILES or point.startswith("/proc"):
            continue
        flags = _MS_REMOUNT | _MS_BIND | _MS_RDONLY
        for name, bit in _KEEP_FLAGS:
            if name in opts:
                flags |= bit
        try:
            _mount(libc, None, point, None, flags)
        except ConfineError as exc:
            if exc.errno not in (errno.ENOENT, errno.EINVAL):
                raise
    size = int(disk_bytes)
    for point in ("/tmp", "/dev/shm", "/run"):
        if os.path.isdir(point):
            _mount(libc, "tmpfs", point, "tmpfs", _MS_NOSUID | _MS_NODEV, f"size={size},mode=0700")
    os.mkdir(WORK, 0o700)
    for path, (fd, flags) in kept.items():
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(libc, f"/proc/self/fd/{fd}", path, None, _MS_BIND | _MS_REC)
        _mount(libc, None, path, None, flags)
        os.close(fd)
    _mount(libc, "proc", "/proc", "proc", _MS_NOSUID | _MS_NODEV | _MS_NOEXEC)
    for path in hidden:
        if os.path.isdir(path) and not os.path.islink(path):
            _mount(libc, "tmpfs", path, "tmpfs", _MS_NOSUID | _MS_NODEV | _MS_RDONLY, "size=4k,mode=0555")
        elif os.path.isfile(path):
            _mount(libc, "/dev/null", path, None, _MS_BIND)


def drop_capabilities(libc) -> None:
    """Clear the bounding and ambient sets, then effective/permitted/inheritable (capset(2))."""
    for cap in list(range(_CAP_LAST + 1)):
        if cap != _CAP_SETPCAP:
            libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the kernel's last cap: ignored
    libc.prctl(_PR_CAPBSET_DROP, _CAP_SETPCAP, 0, 0, 0)
    libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    _check(libc.capset(ctypes.byref(Header(_LINUX_CAPABILITY_VERSION_3, 0)), (Data * 2)()), "capset")
    with open("/proc/self/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb") and int(value.strip(), 16) != 0:
                raise ConfineError(errno.EPERM, f"{key} is {value.strip()} after dropping capabilities")


def seccomp_filter():
    """The strict worker's seccomp filter (a ``pyseccomp.SyscallFilter``, not loaded).

    Default: allow.  Refused with ``EPERM``: :data:`DENIED_SYSCALLS`, ``clone`` with any
    namespace flag.  Refused with ``EAFNOSUPPORT``: ``socket``/``socketpair`` of any family but
    ``AF_UNIX`` (no network, no netlink, no raw packets).  ``clone3`` answers ``ENOSYS`` (its flags
    sit in memory a filter cannot read; glibc then falls back to ``clone``, which is filtered) --
    the approach Chromium's and Docker's default policies take.
    """
    import pyseccomp as sc  # ctypes over the system libseccomp (Debian: libseccomp2)

    f = sc.SyscallFilter(sc.ALLOW)
    for name in DENIED_SYSCALLS:
        try:
            f.add_rule(sc.ERRNO(errno.EPERM), name)
        except (OSError, ValueError, RuntimeError):
            pass  # not a syscall on this architecture (iopl on aarch64, ...)
    for flag in NAMESPACE_FLAGS:
        f.add_rule(sc.ERRNO(errno.EPERM), "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    for call in ("socket", "socketpair"):
        f.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), call, sc.Arg(0, sc.NE, socket.AF_UNIX))
    return f


def _exit_like(status: int) -> None:
    """Exit with the same wait status as a reaped child (a signal is re-raised on ourselves)."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (OSError, ValueError):
            pass
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _init(libc, status_w: int) -> None:
    """Become the new pid namespace's init (pid 1) and fork the worker (pid 2); return in the worker.

    The worker is not pid 1 itself: the kernel ignores signals an init has no handler for, so a
    submission that kills itself (``os.kill(os.getpid(), SIGKILL)``) would survive and be graded
    as if nothing happened, unlike under the basic level.  The init reaps orphans until the worker
    ends, writes its wait status to ``status_w`` and exits (which kills everything left)."""
    worker = os.fork()
    if worker == 0:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        return
    try:
        drop_capabilities(libc)
        libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    except OSError:
        pass
    status = 1 << 8
    while True:
        try:
            pid, st = os.waitpid(-1, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            break
        if pid == worker:
            status = st
            break
    try:
        os.write(status_w, int(status).to_bytes(4, "little"))
    finally:
        os._exit(0)


def enter(spec: dict, apply_limits) -> None:
    """Confine the calling process (a child just forked from the template).

    Returns only in the confined worker (pid 2 of its own namespaces under an init that only
    reaps, no capabilities, limits set, seccomp loaded), with its working directory at
    :data:`WORK`.  The intermediate process never returns: it waits and exits with the worker's
    wait status (a signal is re-raised on itself).

    Args:
        spec: ``disk_bytes`` (size of each fresh tmpfs), ``hidden`` (paths to cover), ``keep``
            (runtime paths under the fresh tmpfs mounts to bind back read-only).
        apply_limits: ``callable()`` that sets the rlimits (shared with every isolation level).

    Raises:
        ConfineError: a step failed (the caller exits; the grader sees an infrastructure failure).
    """
    libc = _libc()
    os.setsid()
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUTS),
           "unshare(mount, pid, ipc, net, uts)")
    alive_r, alive_w = os.pipe()
    status_r, status_w = os.pipe()  # the namespace's init reports the worker's wait status here
    pid = os.fork()
    if pid:
        os.close(alive_r)
        os.close(status_w)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, lambda *_: os.kill(pid, signal.SIGKILL))
        while True:
            try:
                _, status = os.waitpid(pid, 0)
                break
            except InterruptedError:
                continue
        try:
            data = os.read(status_r, 4)
        except OSError:
            data = b""
        _exit_like(int.from_bytes(data, "little") if len(data) == 4 else status)
    os.close(status_r)
    os.close(alive_w)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    ready, _, _ = select.select([alive_r], [], [], 0)
    if ready:  # the first child died before PDEATHSIG was armed
        os._exit(1)
    os.close(alive_r)
    private_mounts(libc, int(spec.get("disk_bytes", 256 * 1024 ** 2)), tuple(spec.get("hidden", ())),
                   tuple(spec.get("keep", ())))
    try:
        libc.sethostname(b"sandbox", 7)
    except AttributeError:
        pass
    _init(libc, status_w)
    os.close(status_w)
    os.setsid()
    try:  # the OOM killer takes a submission before its template
        with open("/proc/self/oom_score_adj", "w") as f:
            f.write("1000")
    except OSError:
        pass
    os.chdir(WORK)
    apply_limits()
    drop_capabilities(libc)
    _check(libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    seccomp_filter().load()
    sys.stdout.flush()
