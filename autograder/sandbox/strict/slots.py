"""Strict level: slots.  One unprivileged system user per concurrent worker (``autograder-slotN``),
taken with an exclusive lock file, swept of every process of its uid before and after use.

``_procs`` is the one ``/proc`` scan that ``_uid_processes``, :func:`host_pid` and
:func:`kill_nested` share.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from typing import Optional

from .base import MAX_SLOTS, SLOT_USER, STATE_DIR, StrictUnavailable, _find
from .cgroup import Cgroup, _v1_dirs, _v2_base


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


def _procs(uid: int):
    """``(host pid, NSpid list)`` of every process whose real uid is ``uid``, read from ``/proc``
    (``NSpid``: the pid in each pid namespace, outermost first; one entry outside any namespace)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        uids, nspid = None, []
        try:
            with open(f"/proc/{entry}/status") as f:
                for line in f:
                    key, _, value = line.partition(":")
                    if key == "Uid":
                        uids = value.split()
                    elif key == "NSpid":
                        nspid = value.split()
        except OSError:
            continue
        if uids and uids[0] == str(uid):
            yield int(entry), nspid


def _uid_processes(uid: int) -> list[int]:
    return [pid for pid, _ in _procs(uid)]


def host_pid(uid: int, ns_pid: int) -> Optional[int]:
    """The host pid of the process of ``uid`` that is ``ns_pid`` one pid namespace down (a strict
    template's direct child: its NSpid line reads ``host ns_pid``)."""
    return next((pid for pid, nspid in _procs(uid) if nspid[1:] == [str(ns_pid)]), None)


def kill_nested(uid: int, rounds: int = 20) -> bool:
    """Kill every process of ``uid`` two or more pid namespaces down (what a strict template's child
    started: the template itself and bubblewrap are fewer levels down); True when none is left."""
    for _ in range(rounds):
        found = [pid for pid, nspid in _procs(uid) if len(nspid) >= 3]
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
