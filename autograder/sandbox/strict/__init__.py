"""The strict isolation level, in layers (each module imports only those listed before it):

- :mod:`.base`: state folder, constants, :class:`StrictUnavailable`, :class:`StrictInfo`;
- :mod:`.cgroup`: the slot's memory/pids/CPU cgroup;
- :mod:`.slots`: one unprivileged uid per concurrent worker, and the ``/proc`` sweeps;
- :mod:`.mounts`: the private mount view (an allow-list), and the course folders to hide;
- :mod:`.rootlaunch`: the launcher's root half (a standalone script);
- :mod:`.launcher`: :class:`StrictColdSandbox`, a fresh interpreter in a fresh sandbox;
- :mod:`.probe`: :func:`check_available`;
- :mod:`.templates`: :class:`StrictSandbox`, strict + warm (the default).
"""
from .base import STATE_DIR, StrictInfo, StrictUnavailable
from .launcher import StrictColdSandbox
from .mounts import course_paths, default_hidden, mount_plan, secret_paths
from .probe import check_available
from .templates import StrictSandbox, TemplateFailed

__all__ = ["STATE_DIR", "StrictColdSandbox", "StrictInfo", "StrictSandbox", "StrictUnavailable", "TemplateFailed",
           "check_available", "course_paths", "default_hidden", "mount_plan", "secret_paths"]
