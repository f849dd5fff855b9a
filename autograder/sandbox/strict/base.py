"""Strict level, shared pieces: where its state lives, its constants, and its error.

Leaf module of :mod:`autograder.sandbox.strict` (standard library only).
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
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
#: Where the launcher stages the work folder in its private mount view.
_STAGE = "/run/autograder-work"
#: Where the worker sees its work folder.
SANDBOX_WORK = "/tmp/work"

_REPO_ROOT = Path(__file__).resolve().parents[3]


class StrictUnavailable(Exception):
    """Strict isolation cannot be set up here; the message says what is missing and how to get it."""


@dataclass(frozen=True)
class StrictInfo:
    """What :func:`check_available` found (all layers present unless stated in ``notes``)."""

    bwrap: str
    memory: str  # "cgroup v2" | "cgroup v1" | "rlimit-as"
    workdir: str  # "tmpfs" | "folder"
    notes: tuple[str, ...] = ()



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
