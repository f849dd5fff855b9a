"""Strict level: the memory, pids and CPU cgroup of a slot (cgroup v2, or the v1 hierarchies).

``Cgroup.create`` makes one under the grader's own cgroup; ``oom_kills`` reads its event counters;
``kill`` and ``remove`` end it.  Where no writable memory cgroup exists, :func:`_cgroup_mode` says
None and the probe reports that memory is limited by RLIMIT_AS only.
"""
from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .base import _read


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

    def _memory_counters(self) -> dict:
        """The memory cgroup's event counters, summed over its directories: cgroup v2
        ``memory.events`` (``oom``, ``oom_kill``, ...) or v1 ``memory.oom_control``, plus v1's
        ``failcnt`` (where a v1 limit is set)."""
        out: dict = {}
        for d in self.dirs:
            text = _read(str(d / "memory.events")) or _read(str(d / "memory.oom_control"))
            for line in text.splitlines():
                k, _, v = line.partition(" ")
                if v.strip().isdigit():
                    out[k] = out.get(k, 0) + int(v)
            fail = _read(str(d / "memory.failcnt"))
            if fail.isdigit() and "memory.limit_in_bytes" in os.listdir(d):
                out["failcnt"] = out.get("failcnt", 0) + int(fail)
        return out

    def oom_kills(self) -> int:
        """How many times the OOM killer acted in this cgroup (v2 ``oom_kill``; where the kernel does not
        count kills, 1 once the limit was hit)."""
        c = self._memory_counters()
        return c.get("oom_kill", 0) or int(bool(c.get("oom", 0) or c.get("failcnt", 0)))

    def oom_killed(self) -> bool:
        return self.oom_kills() > 0

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
