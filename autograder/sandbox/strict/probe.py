"""Strict level: is it available here?  :func:`check_available` checks every layer once per process.

It names what is missing and how to get it (:class:`~.base.StrictUnavailable`), and starts one
throw-away sandbox (``/bin/true`` under the full stack) so that a kernel or container that forbids
a layer is found before any student code runs.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
from typing import Optional

from ..common import Limits
from .base import SLOT_USER, STATE_DIR, StrictInfo, StrictUnavailable, _find, _read
from .cgroup import _cgroup_mode
from .launcher import StrictColdSandbox

_INFO: Optional[StrictInfo] = None


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
    try:  # the strict worker's seccomp filter (genmodels_lab.runtime.confine) must be buildable here
        from genmodels_lab.runtime.confine import seccomp_filter

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
    box = StrictColdSandbox(Limits(), "cpu", info=info)
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
