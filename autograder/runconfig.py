"""One resolved run configuration: decided and validated once, at the entry point, then passed whole.

Every entry point (``autograder grade``, ``batch``, ``validity``, ``demo``, ``gradescope run``, the
nbgrader preprocessor :class:`autograder.nbgrader_plugin.SuiteGrader`, and through ``batch`` the
local pool and Dask tasks) builds one :class:`RunConfig` with :meth:`RunConfig.resolve` and hands
it down the chain: engine, proxy, sandbox.  Nothing below an entry point resolves ``auto``, reads
an ``AUTOGRADER_*`` variable or picks a default of its own.  The worker receives what it needs of
it (device, assignment) once, in its init frame.

Resolution fails at once with :class:`ConfigError` (an entry point prints it and exits 1): an
unknown device, ``cuda`` without a visible GPU, an unknown isolation level, malformed limits, or
strict isolation that cannot be set up here (the reason from
:func:`autograder.sandbox.strict.check_available`).  A grading never starts half-configured, so
an infrastructure problem can never surface as a student's failed test.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Optional

from .i18n import LANGS  # noqa: F401 - every language with a locale file
from .sandbox.common import ISOLATION_LEVELS, Limits

#: The isolation level of every entry point unless the user asks for another one.
DEFAULT_ISOLATION = "strict"
DEVICES = ("auto", "cpu", "cuda")


class ConfigError(ValueError):
    """The run cannot be configured as asked; the message says what is wrong and what to do.
    ``exit_code``: what a command exits with (2: bad usage)."""

    exit_code = 2


class IsolationUnavailable(ConfigError):
    """The isolation level asked for cannot be set up on this machine (exit 1: the grader cannot run)."""

    exit_code = 1


def resolve_device(device: str) -> str:
    """``auto`` -> ``cuda`` when a GPU is visible (``torch.cuda.is_available()``), else ``cpu``.

    Raises:
        ConfigError: an unknown value, or ``cuda`` when no GPU is visible.
    """
    if device not in DEVICES:
        raise ConfigError(f"unknown device {device!r}; use auto, cpu or cuda")
    if device == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if device == "cuda":
        raise ConfigError("--device cuda was requested but no CUDA GPU is visible (torch.cuda.is_available() is "
                          "False); use --device cpu or auto")
    return "cpu"


@dataclass(frozen=True)
class RunConfig:
    """What a run grades with.  Build it with :meth:`resolve`; frozen and picklable (Dask tasks).

    Attributes:
        device: ``"cpu"`` or ``"cuda"`` (never ``auto``: resolved).
        isolation: ``"basic"`` or ``"strict"`` (strict was found available when resolved).
        lang: feedback language, ``"ja"`` or ``"en"``.
        limits: the :class:`~autograder.sandbox.common.Limits` of every worker.
        warm: workers are forked from warm templates (the default); False starts every worker cold.
        hidden: absolute host paths the strict sandbox covers for every submission of the run (the
            course folder, the output folder), besides each notebook's own folders.
        settled: the device is resolved and strict was probed on *this* machine.  False only for a
            configuration resolved for other machines (Dask workers, ``resolve(here=False)``): each
            of them settles it with :meth:`settle` before its first grading.
    """

    device: str = "cpu"
    isolation: str = DEFAULT_ISOLATION
    lang: str = "ja"
    limits: Limits = field(default_factory=Limits)
    warm: bool = True
    hidden: tuple = ()
    settled: bool = True
    #: catalogue entry ids the diagnosis may not name ("Likely cause"): ``autograder validity``
    #: grades each mistake with its own entry withheld, to measure the diagnosis it would get
    #: without it (the generic explanations and the other entries). Never set for real grading.
    withheld: tuple = ()

    @classmethod
    def resolve(cls, *, device: str = "auto", isolation: Optional[str] = None, lang: str = "ja",
                limits: "Limits | str | None" = None, warm: bool = True, hidden=(),
                probe: bool = True, here: bool = True) -> "RunConfig":
        """Resolve and validate a run's choices once.

        Args:
            device: ``auto``, ``cpu`` or ``cuda``.
            isolation: ``basic`` or ``strict``; None: :data:`DEFAULT_ISOLATION`.
            lang: ``ja`` or ``en``.
            limits: a :class:`Limits`, or a ``name=value,...`` string applied to the defaults
                (:meth:`Limits.parse`), or None for the defaults.
            warm: fork workers from warm templates.
            hidden: extra host paths the strict sandbox covers.
            probe: for strict, start a throw-away sandbox once per process to prove it works.
            here: the run grades on this machine.  False (a Dask run): validate the values only, keep
                ``auto``/``cuda`` as asked and leave the strict probe to each worker (:meth:`settle`).

        Raises:
            ConfigError: anything that makes the run impossible, with the reason and the fix.
        """
        isolation = DEFAULT_ISOLATION if isolation is None else isolation
        if isolation not in ISOLATION_LEVELS:
            raise ConfigError(f"unknown isolation level {isolation!r}; use one of {', '.join(ISOLATION_LEVELS)}")
        if lang not in LANGS:
            raise ConfigError(f"unknown language {lang!r}; use ja or en")
        if not isinstance(limits, Limits):
            try:
                limits = Limits.parse(limits or "")
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
        paths = tuple(sorted({os.path.abspath(str(p)) for p in hidden}))
        if not here:
            if device not in DEVICES:
                raise ConfigError(f"unknown device {device!r}; use auto, cpu or cuda")
            return cls(device, isolation, lang, limits, bool(warm), paths, settled=False)
        dev = resolve_device(device)
        if isolation == "strict":
            from .sandbox.strict import StrictUnavailable, check_available

            try:
                check_available(probe=probe)
            except StrictUnavailable as exc:
                raise IsolationUnavailable(f"--isolation strict is not available here: {exc}") from None
        return cls(dev, isolation, lang, limits, bool(warm), paths)

    def settle(self) -> "RunConfig":
        """This configuration resolved on this machine (itself when already settled).

        Raises:
            ConfigError: as :meth:`resolve` (on a Dask worker: no GPU for ``cuda``, strict unavailable).
        """
        if self.settled:
            return self
        return RunConfig.resolve(device=self.device, isolation=self.isolation, lang=self.lang, limits=self.limits,
                                 warm=self.warm, hidden=self.hidden)

    def withholding(self, *entry_ids: str) -> "RunConfig":
        """This configuration, with the diagnosis not naming the catalogue entries ``entry_ids``."""
        return replace(self, withheld=tuple(sorted(set(self.withheld) | set(entry_ids))))

    def with_hidden(self, *paths) -> "RunConfig":
        """This configuration, also covering ``paths`` (absolute) in the strict sandbox."""
        return replace(self, hidden=tuple(sorted(set(self.hidden) | {os.path.abspath(str(p)) for p in paths})))

    def describe(self) -> str:
        """One line for logs and reports: ``device cpu, isolation strict (warm), lang ja``."""
        return f"device {self.device}, isolation {self.isolation} ({'warm' if self.warm else 'cold'}), lang {self.lang}"


def add_arguments(p, *, isolation: bool = True) -> None:
    """The run options every command shares (argparse): ``--device``, ``--isolation``, ``--limits``,
    ``--no-warm``; their defaults are :class:`RunConfig`'s."""
    p.add_argument("--device", choices=DEVICES, default="auto",
                   help="where student code runs (default: auto = cuda when a GPU is visible)")
    if isolation:
        p.add_argument("--isolation", choices=ISOLATION_LEVELS, default=DEFAULT_ISOLATION,
                       help=f"worker isolation (default: {DEFAULT_ISOLATION}; strict needs root and bubblewrap, "
                            "basic is NOT a security boundary)")
    p.add_argument("--limits", default="", metavar="NAME=VALUE,...",
                   help="worker limits, e.g. cell_seconds=30,call_seconds=5 (names: "
                        + ", ".join(Limits.__dataclass_fields__) + ")")
    p.add_argument("--no-warm", dest="warm", action="store_false",
                   help="start every worker cold (a fresh interpreter per worker; slower)")


def from_args(args, *, hidden=(), here: bool = True) -> RunConfig:
    """:meth:`RunConfig.resolve` from the options of :func:`add_arguments`."""
    return RunConfig.resolve(device=getattr(args, "device", "auto"), isolation=getattr(args, "isolation", None),
                             lang=getattr(args, "lang", "ja"), limits=getattr(args, "limits", "") or "",
                             warm=getattr(args, "warm", True), hidden=hidden, here=here)


