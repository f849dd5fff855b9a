"""The strict isolation level: slot users, a private mount view, bubblewrap, cgroups.

How one worker is started (``StrictSandbox.spawn``), outermost first:

1. **Slot.**  A free slot ``N`` is taken with an exclusive lock file
   (``/var/lib/autograder/slots/slotN.lock``); slot ``N`` has its own
   unprivileged system user ``autograder-slotN`` (created on demand with
   ``useradd``), so concurrent submissions never share a uid.
2. **Work folder.**  A fresh folder owned by the slot user (mode 0700), a
   size-capped tmpfs when the kernel lets us mount one (nothing the student
   writes reaches the disk), wiped afterwards.
3. **Cgroup.**  A memory (+ pids) cgroup for the worker when one can be created
   (cgroup v2, or the v1 ``memory``/``pids`` hierarchies); otherwise
   ``RLIMIT_AS`` on CPU grading, and :func:`check_available` says so.
4. **Launcher** (``python -I -S strict.py --launch``, still root, in its own
   session): joins the cgroup, enters a private mount namespace in which every
   top-level directory that is not part of the operating system (``/home``,
   ``/root``, ``/work``, ``/var``, ``/tmp``, ``/opt``, ...) is covered by an
   empty tmpfs and only the Python runtime, the virtual environment and the
   ``autograder`` package are bound back (the hidden material -- suites,
   ``solutions/``, ``source/``, course folders passed in by the engine -- is
   covered again); sets rlimits (CPU, FSIZE, NOFILE, CORE, NPROC, AS); drops
   to the slot user (no supplementary groups, ``no_new_privs``) and execs
   bubblewrap.  Root does only what needs root: bubblewrap itself runs
   unprivileged, so files are read with the slot user's rights.
5. **bubblewrap**: ``--unshare-all`` (user, pid, net, ipc, uts, cgroup
   namespaces: no network), ``--disable-userns``, ``--die-with-parent``,
   ``--new-session``, ``--cap-drop ALL``, a read-only view of that root, a fresh
   ``/proc`` (own pid namespace) and minimal ``/dev``, a small tmpfs ``/tmp``,
   the work folder as the only writable host path, and a clean environment.
6. **Afterwards** (``cleanup``): every process of the slot uid is killed
   (``kill(-1, SIGKILL)`` issued as that uid, which the kernel applies
   atomically), the cgroup is killed and removed, the work folder unmounted
   and wiped, and the slot released.

This module imports only the standard library at the top: it is also the
launcher script.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import pwd
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

#: Where slot locks and work folders live (root-owned).
STATE_DIR = Path(os.environ.get("AUTOGRADER_STRICT_DIR", "/var/lib/autograder"))
#: Name prefix of the slot users.
SLOT_USER = "autograder-slot"
#: Most concurrent slots (uids) on one machine.
MAX_SLOTS = int(os.environ.get("AUTOGRADER_STRICT_SLOTS", "64"))
#: Top-level directories that make up the operating system: visible (read-only) in the sandbox.
SYSTEM_TOP = frozenset({"usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc", "proc", "sys", "dev"})
#: Size of the skeleton tmpfs laid over hidden directories (holds only mount points).
_MASK_SIZE = "1m"
#: Where the launcher stages the work folder in its private mount view.
_STAGE = "/run/autograder-work"
#: Where the worker sees its work folder.
SANDBOX_WORK = "/tmp/work"

_REPO_ROOT = Path(__file__).resolve().parents[1]

# Linux constants (x86_64 and aarch64 share them).
_CLONE_NEWNS = 0x00020000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV, _MS_BIND, _MS_REC, _MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
_PR_SET_NO_NEW_PRIVS = 38


class StrictUnavailable(Exception):
    """Strict isolation cannot be set up here; the message says what is missing and how to get it."""


@dataclass(frozen=True)
class StrictInfo:
    """What :func:`check_available` found (all layers present unless stated in ``notes``)."""

    bwrap: str
    memory: str  # "cgroup v2" | "cgroup v1" | "rlimit-as"
    workdir: str  # "tmpfs" | "folder"
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        extra = f"; {'; '.join(self.notes)}" if self.notes else ""
        return (f"strict isolation: slot users + bubblewrap ({self.bwrap}), memory limit by {self.memory}, "
                f"work folder on {self.workdir}{extra}")


_INFO: Optional[StrictInfo] = None


# -- availability --------------------------------------------------------------
def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def _find(name: str, *extra: str) -> Optional[str]:
    found = shutil.which(name)
    if found:
        return found
    for d in extra or ("/usr/bin", "/usr/sbin", "/bin", "/sbin"):
        p = os.path.join(d, name)
        if os.access(p, os.X_OK):
            return p
    return None


def check_available(probe: bool = True) -> StrictInfo:
    """Check every layer of the strict level; raise :class:`StrictUnavailable` naming what is missing.

    With ``probe`` a throw-away sandbox is started once per process (``/bin/true``
    under the full stack) so that a kernel or container that forbids a layer is
    found before any student code runs.
    """
    global _INFO
    if _INFO is not None:
        return _INFO
    if not sys.platform.startswith("linux"):
        raise StrictUnavailable(f"strict isolation needs Linux (this is {sys.platform}); use --isolation basic")
    if os.geteuid() != 0:
        raise StrictUnavailable(
            "strict isolation must be started as root (it creates the unprivileged slot users "
            f"{SLOT_USER}N and switches to them before starting bubblewrap); run the grader as root on the "
            "grading server or in its container, or use --isolation basic (not a security boundary)")
    bwrap = _find("bwrap")
    if bwrap is None:
        raise StrictUnavailable("bubblewrap is not installed (no `bwrap` on PATH): install it with "
                                "`apt-get install -y bubblewrap` (Debian/Ubuntu) or `dnf install bubblewrap`")
    if _find("useradd") is None:
        raise StrictUnavailable("`useradd` is missing (needed to create the slot users): "
                                "`apt-get install -y passwd`")
    if _read("/proc/sys/user/max_user_namespaces") in ("", "0"):
        raise StrictUnavailable("user namespaces are disabled (/proc/sys/user/max_user_namespaces is 0); "
                                "enable them: `sysctl -w user.max_user_namespaces=15000`")
    if _read("/proc/sys/kernel/unprivileged_userns_clone") == "0":
        raise StrictUnavailable("unprivileged user namespaces are disabled; enable them: "
                                "`sysctl -w kernel.unprivileged_userns_clone=1`")
    try:  # the strict worker's seccomp filter (autograder.confine) must be buildable here
        from autograder.confine import seccomp_filter

        seccomp_filter()
    except Exception as exc:  # noqa: BLE001 - any failure means: no filter, no strict
        raise StrictUnavailable(f"the seccomp filter cannot be built ({type(exc).__name__}: {exc}): install "
                                "libseccomp (`apt-get install -y libseccomp2`) and pyseccomp "
                                "(`pip install pyseccomp`, in requirements.lock)") from None
    notes = []
    mem = _cgroup_mode()
    if mem is None:
        notes.append("no writable memory cgroup (cgroup v2 with the memory controller, or the v1 memory "
                     "hierarchy, under /sys/fs/cgroup): memory is limited by RLIMIT_AS on CPU only; on CUDA "
                     "host memory is not limited")
    info = StrictInfo(bwrap, mem or "rlimit-as", "tmpfs" if _can_mount_tmpfs() else "folder", tuple(notes))
    if info.workdir == "folder":
        notes.append("tmpfs cannot be mounted: the work folder is a plain folder (disk use bounded only by "
                     "RLIMIT_FSIZE per file)")
        info = StrictInfo(info.bwrap, info.memory, info.workdir, tuple(notes))
    if probe:
        _probe(info)
    _INFO = info
    return info


def _can_mount_tmpfs() -> bool:
    base = STATE_DIR / "work"
    try:
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(STATE_DIR, 0o755)
        os.chmod(base, 0o711)
        d = base / f"probe-{os.getpid()}-{secrets.token_hex(4)}"
        d.mkdir()
    except OSError:
        return False
    try:
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(d)],
                           capture_output=True, timeout=20)
        if r.returncode == 0:
            subprocess.run(["umount", "-l", str(d)], capture_output=True, timeout=20)
            return True
        return False
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        with contextlib.suppress(OSError):
            d.rmdir()


def _probe(info: StrictInfo) -> None:
    from .sandbox import Limits  # the package is importable in the grader process

    box = StrictSandbox(Limits(), "cpu", _probe_only=True)
    try:
        box.prepare()
        proc = box._popen([_find("true") or "/bin/true"], fds=(), env={"PATH": "/usr/bin:/bin"})
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise StrictUnavailable("a probe sandbox (/bin/true under bubblewrap) did not finish in 60 s") from None
        if proc.returncode != 0:
            text = err.decode("utf-8", "replace").strip()[-600:]
            hint = ""
            if "Operation not permitted" in text or "setting up uid map" in text or "No permissions" in text:
                hint = (" (the kernel or the container forbids unprivileged user namespaces or mounts: on Ubuntu "
                        "24.04+ allow bwrap in AppArmor (`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`"
                        " or an apparmor profile for /usr/bin/bwrap); in Docker run the grading container with "
                        "`--privileged` or `--security-opt seccomp=unconfined --cap-add SYS_ADMIN`)")
            raise StrictUnavailable(f"a probe sandbox failed to start (exit {proc.returncode}): {text}{hint}")
    finally:
        box.cleanup()


# -- slots (one unprivileged uid per concurrent worker) ---------------------------
@dataclass
class Slot:
    index: int
    user: str
    uid: int
    gid: int
    lock_fd: int


def _ensure_user(index: int) -> pwd.struct_passwd:
    name = f"{SLOT_USER}{index}"
    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        lock = os.open(STATE_DIR / "slots" / "useradd.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                pw = pwd.getpwnam(name)
            except KeyError:
                err = ""
                for _ in range(10):  # useradd fails while another process holds /etc/passwd's lock
                    r = subprocess.run([_find("useradd") or "useradd", "--system", "--no-create-home",
                                        "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                                        "--user-group", "--comment", f"autograder sandbox slot {index}", name],
                                       capture_output=True, text=True, timeout=60)
                    if r.returncode in (0, 9):  # 9: exists
                        break
                    err = r.stderr.strip()
                    time.sleep(0.5)
                try:
                    pw = pwd.getpwnam(name)
                except KeyError:
                    raise StrictUnavailable(f"could not create the slot user {name}: {err}") from None
        finally:
            os.close(lock)
    if pw.pw_uid == 0 or pw.pw_gid == 0:
        raise StrictUnavailable(f"the slot user {name} has uid/gid 0; delete it (`userdel {name}`) and retry")
    return pw


def acquire_slot(timeout: float = 600.0) -> Slot:
    """Lock a free slot (waiting up to ``timeout`` s when all :data:`MAX_SLOTS` are busy)."""
    slots = STATE_DIR / "slots"
    slots.mkdir(parents=True, exist_ok=True)
    os.chmod(STATE_DIR, 0o755)
    os.chmod(slots, 0o700)
    deadline = time.monotonic() + timeout
    start = os.getpid() % MAX_SLOTS  # spread concurrent graders over the slots
    while True:
        for k in range(MAX_SLOTS):
            i = (start + k) % MAX_SLOTS
            fd = os.open(slots / f"slot{i}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            try:
                pw = _ensure_user(i)
            except BaseException:
                os.close(fd)
                raise
            slot = Slot(i, pw.pw_name, pw.pw_uid, pw.pw_gid, fd)
            _sweep_uid(slot)  # a grader that crashed may have left something behind
            _remove_stale(slot)
            return slot
        if time.monotonic() > deadline:
            raise StrictUnavailable(f"all {MAX_SLOTS} sandbox slots stayed busy for {timeout:g} s "
                                    "(set AUTOGRADER_STRICT_SLOTS to allow more)")
        time.sleep(0.2)


def release_slot(slot: Slot) -> None:
    with contextlib.suppress(OSError):
        os.close(slot.lock_fd)


def _uid_processes(uid: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    if line.startswith("Uid:"):
                        if str(uid) in line.split()[1:]:
                            pids.append(int(entry))
                        break
        except OSError:
            continue
    return pids


def _status(pid: str) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("Uid", "NSpid"):
                    out[key] = value.split()
    except OSError:
        pass
    return out


def host_pid(uid: int, ns_pid: int) -> Optional[int]:
    """The host pid of the process of ``uid`` that is ``ns_pid`` one pid namespace down (a strict
    template's direct child: its NSpid line reads ``host ns_pid``)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _status(entry)
            if str(uid) in st.get("Uid", [])[:1] and st.get("NSpid", [])[1:] == [str(ns_pid)]:
                return int(entry)
    return None


def kill_nested(uid: int, rounds: int = 20) -> bool:
    """Kill every process of ``uid`` two or more pid namespaces down (what a strict template's child
    started: the template itself and bubblewrap are fewer levels down); True when none is left."""
    for _ in range(rounds):
        found = [int(e) for e in os.listdir("/proc") if e.isdigit()
                 and (lambda st: str(uid) in st.get("Uid", [])[:1] and len(st.get("NSpid", [])) >= 3)(_status(e))]
        if not found:
            return True
        for pid in found:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    return False


def _sweep_uid(slot: Slot, rounds: int = 20) -> bool:
    """Kill every process of the slot's uid; True when none is left.

    ``kill(-1, SIGKILL)`` sent *as that uid* reaches all its processes in one
    pass the kernel makes under the task-list lock, so a fork bomb cannot outrun it.
    """
    for _ in range(rounds):
        if not _uid_processes(slot.uid):
            return True
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                os.setgroups([])
                os.setresgid(slot.gid, slot.gid, slot.gid)
                os.setresuid(slot.uid, slot.uid, slot.uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        time.sleep(0.02)
    return not _uid_processes(slot.uid)


# -- cgroups ---------------------------------------------------------------------
def _mounts() -> list[tuple[str, str, str]]:
    out = []
    for line in _read("/proc/self/mounts").splitlines():
        parts = line.split()
        if len(parts) >= 4:
            out.append((parts[1], parts[2], parts[3]))
    return out


def _own_cgroup(controller: str) -> str:
    for line in _read("/proc/self/cgroup").splitlines():
        hid, ctrls, path = line.split(":", 2)
        if (controller == "" and hid == "0") or (controller and controller in ctrls.split(",")):
            return path
    return "/"


def _v2_base() -> Optional[Path]:
    for mnt, fstype, _ in _mounts():
        if fstype == "cgroup2" and "memory" in _read(f"{mnt}/cgroup.controllers").split():
            return Path(mnt)
    return None


def _v1_dirs() -> Optional[dict[str, Path]]:
    found = {}
    for mnt, fstype, opts in _mounts():
        if fstype != "cgroup":
            continue
        for ctrl in ("memory", "pids", "cpu"):
            if ctrl in opts.split(","):
                own = Path(mnt) / _own_cgroup(ctrl).lstrip("/")
                found[ctrl] = own if own.is_dir() else Path(mnt)
    return found if "memory" in found else None


def _cgroup_mode() -> Optional[str]:
    """"cgroup v2" / "cgroup v1" when a memory cgroup can be created and limited here, else None."""
    try:
        cg = Cgroup.create(f"probe-{os.getpid()}-{secrets.token_hex(3)}", 64 * 1024 ** 2, 64)
    except OSError:
        return None
    if cg is None:
        return None
    cg.remove()
    return cg.mode


@dataclass
class Cgroup:
    """A memory (+ pids, + cpu quota) cgroup for one worker."""

    mode: str
    dirs: list[Path] = field(default_factory=list)

    @staticmethod
    def create(name: str, memory_bytes: int, pids: int, cpus: float = 0) -> Optional["Cgroup"]:
        """A new cgroup limited to ``memory_bytes``, ``pids`` tasks and ``cpus`` CPUs (0: no CPU
        quota); None when no memory controller is available; OSError when creating fails."""
        base = _v2_base()
        if base is not None:
            parent = base / "autograder.sandbox"
            try:
                ctl = (base / "cgroup.subtree_control").read_text().split()
                if "memory" not in ctl or "pids" not in ctl:
                    (base / "cgroup.subtree_control").write_text("+memory +pids")
                with contextlib.suppress(OSError):
                    if "cpu" not in ctl:
                        (base / "cgroup.subtree_control").write_text("+cpu")
                parent.mkdir(exist_ok=True)
                if "memory" not in (parent / "cgroup.subtree_control").read_text().split():
                    (parent / "cgroup.subtree_control").write_text("+memory +pids")
                with contextlib.suppress(OSError):
                    (parent / "cgroup.subtree_control").write_text("+cpu")
                d = parent / name
                d.mkdir()
                try:
                    (d / "memory.max").write_text(str(memory_bytes))
                    with contextlib.suppress(OSError):
                        (d / "memory.swap.max").write_text("0")
                    with contextlib.suppress(OSError):
                        (d / "pids.max").write_text(str(pids))
                    if cpus:
                        with contextlib.suppress(OSError):
                            (d / "cpu.max").write_text(f"{int(cpus * 100000)} 100000")
                except OSError:
                    d.rmdir()
                    raise
                return Cgroup("cgroup v2", [d])
            except OSError:
                pass  # try v1 below
        v1 = _v1_dirs()
        if v1 is None:
            return None
        dirs = []
        try:
            for ctrl, parent in v1.items():
                d = parent / f"autograder-{name}"
                d.mkdir()
                dirs.append(d)
                if ctrl == "memory":
                    (d / "memory.limit_in_bytes").write_text(str(memory_bytes))
                    with contextlib.suppress(OSError):
                        (d / "memory.memsw.limit_in_bytes").write_text(str(memory_bytes))
                    with contextlib.suppress(OSError):
                        (d / "memory.swappiness").write_text("0")
                elif ctrl == "pids":
                    (d / "pids.max").write_text(str(pids))
                elif ctrl == "cpu" and cpus:
                    with contextlib.suppress(OSError):
                        (d / "cpu.cfs_period_us").write_text("100000")
                        (d / "cpu.cfs_quota_us").write_text(str(int(cpus * 100000)))
        except OSError:
            for d in dirs:
                with contextlib.suppress(OSError):
                    d.rmdir()
            raise
        return Cgroup("cgroup v1", dirs)

    @property
    def procs_files(self) -> list[str]:
        return [str(d / "cgroup.procs") for d in self.dirs]

    def pids(self) -> list[int]:
        out = []
        for f in self.procs_files:
            out += [int(x) for x in _read(f).split()]
        return out

    def oom_kills(self) -> int:
        """How many times the OOM killer acted in this cgroup (cgroup v2 ``memory.events``; v1: 0/1)."""
        n = 0
        for d in self.dirs:
            for line in _read(str(d / "memory.events")).splitlines():
                k, _, v = line.partition(" ")
                if k == "oom_kill" and v.strip().isdigit():
                    n += int(v)
        return n if n or not self.oom_killed() else 1

    def oom_killed(self) -> bool:
        for d in self.dirs:
            text = _read(str(d / "memory.events")) or _read(str(d / "memory.oom_control"))
            for line in text.splitlines():
                k, _, v = line.partition(" ")
                if k in ("oom_kill", "oom") and v.strip() not in ("", "0"):
                    return True
            if _read(str(d / "memory.failcnt")) not in ("", "0") and "memory.limit_in_bytes" in os.listdir(d):
                return True
        return False

    def kill(self) -> None:
        for d in self.dirs:
            if (d / "cgroup.kill").exists():
                with contextlib.suppress(OSError):
                    (d / "cgroup.kill").write_text("1")
        for _ in range(50):
            pids = self.pids()
            if not pids:
                return
            for p in pids:
                with contextlib.suppress(OSError):
                    os.kill(p, signal.SIGKILL)
            time.sleep(0.02)

    def remove(self) -> None:
        for d in self.dirs:
            for _ in range(100):
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError as exc:
                    if exc.errno != errno.EBUSY:
                        break
                    time.sleep(0.05)


# -- the sandbox -------------------------------------------------------------------
def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def _runtime_paths() -> list[str]:
    """Host paths the worker needs to read: Python, the venv, the autograder package and the
    student package (``genmodels_lab``, wherever it is installed: an editable install points
    into the repository's ``student/`` folder)."""
    import importlib.util
    import site
    import sysconfig

    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable)), str(_REPO_ROOT / "autograder")}
    with contextlib.suppress(Exception):
        spec = importlib.util.find_spec("genmodels_lab")
        if spec is not None and spec.origin:
            paths.add(os.path.dirname(os.path.realpath(spec.origin)))
    with contextlib.suppress(Exception):
        paths.update(site.getsitepackages())
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with contextlib.suppress(Exception):
            paths.add(sysconfig.get_path(key))
    for p in os.environ.get("LD_LIBRARY_PATH", "").split(":"):
        if p:
            paths.add(p)
    out = set()
    for p in paths:
        if p and os.path.isdir(p):
            out.add(os.path.abspath(p))
            out.add(os.path.realpath(p))
    # drop paths nested in another one
    ordered = sorted(out, key=len)
    keep: list[str] = []
    for p in ordered:
        if not any(_under(p, k) for k in keep):
            keep.append(p)
    return keep


def default_hidden(root: Path = _REPO_ROOT) -> list[str]:
    """The course's hidden material inside the repository (covered even when it would be visible)."""
    names = ["autograder/suites", "solutions", "source", "tests", "bench", ".git", "nbgrader_config.py",
             "gradebook.db", "submitted", "autograded", "feedback", "autograder_results"]
    return [str(root / n) for n in names] + [str(STATE_DIR)]


def course_paths(notebook: Path) -> tuple[str, ...]:
    """Folders around a submission that the worker must not see: the notebook's own folder and,
    for an nbgrader course layout (``COURSE/submitted/<student>/<assignment>/nb.ipynb``), the
    whole course folder (gradebook, other submissions, autograded, feedback, results)."""
    p = Path(notebook).resolve()
    out = [str(p.parent)]
    for anc in p.parents:
        if anc.name in ("submitted", "autograded", "feedback", "release", "source") and anc.parent != anc:
            out.append(str(anc.parent))
            break
    return tuple(out)


def mount_plan(hidden: tuple[str, ...] = (), workdir: Optional[str] = None) -> list[list[str]]:
    """The launcher's mount operations, in order: ``["mask", path]`` or ``["bind", src, dst]``.

    Every top-level directory outside :data:`SYSTEM_TOP` is masked, the runtime
    paths under a mask are bound back, then hidden material that is still
    visible is masked again.
    """
    ops: list[list[str]] = []
    masked: list[str] = []
    for name in sorted(os.listdir("/")):
        p = "/" + name
        if name in SYSTEM_TOP or os.path.islink(p):
            continue
        if os.path.isdir(p) or os.path.isfile(p):
            ops.append(["mask", p])
            masked.append(p)
    visible = ["/" + n for n in SYSTEM_TOP]
    runtime = _runtime_paths()
    for p in runtime:
        if any(_under(p, m) for m in masked):
            ops.append(["bind", p, p])
        visible.append(p)
    for h in list(default_hidden()) + [os.path.abspath(x) for x in hidden]:
        for p in sorted({h, os.path.realpath(h)}):
            if any(_under(r, p) for r in runtime):
                continue  # holds the runtime (e.g. the repository root): its secret parts are listed apart
            if os.path.exists(p) and any(_under(p, v) for v in visible):
                ops.append(["mask", p])
    if workdir:
        ops.append(["bind", workdir, _STAGE])
    return ops


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


class StrictSandbox:
    """Slot user + private mount view + bubblewrap + cgroup (see the module docstring).

    Same interface as :class:`autograder.sandbox.BasicSandbox`: ``level``,
    ``prepare() -> workdir``, ``spawn(fd_in, fd_out, extra_env)``, ``cleanup()``.

    Args:
        limits: :class:`autograder.sandbox.Limits`.
        device: "cpu" or "cuda" (CUDA device nodes are bound in for "cuda").
        hidden: extra host paths to cover (course folders, results folders).
    """

    level = "strict"

    def __init__(self, limits, device: str = "cpu", hidden: tuple = (), *, template: bool = False,
                 _probe_only: bool = False):
        self.info = None if _probe_only else check_available()
        #: a warm template's sandbox: bubblewrap keeps CAP_SYS_ADMIN (+ CAP_SETPCAP) inside the
        #: sandbox's user namespace, which autograder.confine uses to give each child namespaces of
        #: its own and then drops; no CPU-seconds or address-space rlimit on the long-lived template
        self.template = template
        self._warm = None  # (StrictTemplate, process) while a warm worker runs
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
        rl = {"CPU": [lim.cpu_seconds, lim.cpu_seconds + 5], "FSIZE": [lim.file_bytes, lim.file_bytes],
              "CORE": [0, 0], "NOFILE": [lim.open_files, lim.open_files],
              "NPROC": [lim.processes, lim.processes]}
        if self.template:
            del rl["CPU"]  # lives for a whole batch; each child gets its own limits (confine.py)
        elif self.device == "cpu":
            # the cgroup is the memory boundary; on CPU RLIMIT_AS also makes an allocation fail
            # with MemoryError (a clear message) before the OOM killer steps in
            rl["AS"] = [lim.memory_bytes, lim.memory_bytes]
        bwrap = [self.info.bwrap if self.info else (_find("bwrap") or "bwrap"),
                 "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session",
                 *(["--cap-add", "CAP_SYS_ADMIN", "--cap-add", "CAP_SETPCAP"] if self.template
                   else ["--cap-drop", "ALL"]), "--hostname", "sandbox",
                 "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
                 "--size", str(int(getattr(lim, "disk_bytes", 256 * 1024 ** 2))), "--tmpfs", "/tmp",
                 "--bind", _STAGE, SANDBOX_WORK, "--tmpfs", "/run", "--chdir", SANDBOX_WORK]
        # the private /tmp and /run above would hide a runtime that lives there (a venv in a
        # checkout under /tmp, as in CI): bind those read-only again (recursive binds keep the
        # hidden material covered by the mount plan)
        for path in _runtime_paths():
            if _under(path, "/tmp") or _under(path, "/run"):
                bwrap += ["--ro-bind", path, path]
        if self.device != "cpu":
            for dev in sorted(os.listdir("/dev")):
                if dev.startswith("nvidia"):
                    bwrap += ["--dev-bind", f"/dev/{dev}", f"/dev/{dev}"]
        return {"cgroup_procs": self.cgroup.procs_files if self.cgroup else [],
                "plan": mount_plan(self.hidden, self.workdir), "rlimits": rl,
                "uid": slot.uid, "gid": slot.gid, "argv": bwrap + ["--"] + argv}

    def _popen(self, argv: list[str], fds: tuple, env: dict, stdout=subprocess.PIPE,
               stderr=subprocess.PIPE) -> _SandboxProcess:
        if self.workdir is None:
            self.prepare()
        life_r, life_w = os.pipe()  # the launcher sees EOF when this grader process is gone
        spec = self._spec(argv)
        spec.update({"lifeline": life_r, "close": list(fds)})
        launcher = [sys.executable, "-I", "-S", str(Path(__file__).resolve()), "--launch", json.dumps(spec)]
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

    def command(self) -> list[str]:
        root = str(_REPO_ROOT)
        boot = f"import sys; sys.path.insert(0, {root!r}); from autograder.worker import main; main()"
        return [sys.executable, "-E", "-s", "-c", boot]

    def env(self, extra: dict) -> dict:
        from .sandbox import clean_env

        env = clean_env(extra)
        env.update({"HOME": "/tmp", "TMPDIR": "/tmp", "AUTOGRADER_ROOT": str(_REPO_ROOT),
                    "AUTOGRADER_ISOLATION": "strict", "USER": "student", "LOGNAME": "student"})
        n = str(self.limits.threads)
        env.update({"OMP_NUM_THREADS": n, "MKL_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n})
        return env

    def spawn(self, fd_in: int, fd_out: int, extra_env: dict):
        """Start the worker (see :meth:`autograder.sandbox.BasicSandbox.spawn`).

        Warm (the default): a child forked from this process's idle strict template for these
        limits (:func:`autograder.zygote.spawn_strict`), confined by :mod:`autograder.confine`.
        Cold (``AUTOGRADER_ZYGOTE=0``): a fresh interpreter in a fresh sandbox.
        """
        if not self.template and self.workdir is None:
            from . import zygote

            warm = zygote.spawn_strict(self, fd_in, fd_out, extra_env)
            if warm is not None:
                self._warm = warm
                self.memory_mode = warm[0].box.memory_mode
                return warm[1]
        argv = self.command() + ["--fd-in", str(fd_in), "--fd-out", str(fd_out)]
        return self._popen(argv, (fd_in, fd_out), self.env(extra_env))

    def oom_kills(self) -> int:
        return self.cgroup.oom_kills() if self.cgroup else 0

    def oom_killed(self) -> bool:
        if self._warm is not None:
            return self._warm[0].oom_killed()
        return bool(self.cgroup and self.cgroup.oom_killed())

    def cleanup(self) -> None:
        """Kill every process of the slot, remove the cgroup, wipe the work folder, free the slot.

        A warm worker's template is given back instead (scrubbed: nothing of the child is left;
        closed, slot and all, when the child could not be reaped)."""
        if self._warm is not None:
            from . import zygote

            (template, proc), self._warm = self._warm, None
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)
            zygote.give_back(template, proc.returncode is not None)
            return
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


def _remove_stale(slot: Slot) -> None:
    """Work folders and cgroups a crashed grader left for this slot."""
    base = STATE_DIR / "work"
    if base.is_dir():
        for d in base.glob(f"slot{slot.index}-*"):
            if os.path.ismount(d):
                subprocess.run(["umount", "-l", str(d)], capture_output=True)
            shutil.rmtree(d, ignore_errors=True)
    v1 = _v1_dirs() or {}
    parents = list(v1.values())
    v2 = _v2_base()
    if v2 is not None:
        parents.append(v2 / "autograder.sandbox")
    for parent in parents:
        if parent.is_dir():
            for d in list(parent.glob(f"autograder-slot{slot.index}-*")) + list(parent.glob(f"slot{slot.index}-*")):
                Cgroup("stale", [d]).kill()
                Cgroup("stale", [d]).remove()


# -- the launcher (runs as root in the child, then becomes bubblewrap) -------------------
def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    return libc


def _mount(libc, src, dst, fstype, flags, data=None) -> None:
    enc = (lambda s: None if s is None else s.encode())
    if libc.mount(enc(src), enc(dst), enc(fstype), flags, enc(data)) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"mount {src} on {dst}: {os.strerror(e)}")


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
            for name, (soft, hard) in spec["rlimits"].items():
                resource.setrlimit(getattr(resource, f"RLIMIT_{name}"), (int(soft), int(hard)))
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
