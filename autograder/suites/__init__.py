"""The hidden suites, one package per assignment (``autograder/suites/<assignment>/test_*.py``)."""
from __future__ import annotations

from pathlib import Path


def assignment_ids(suites: Path = Path(__file__).resolve().parent) -> list[str]:
    """The assignment ids that have a hidden suite in ``suites`` (stdlib only: the CLI lists them in
    ``--help`` and error messages without importing torch or nbformat)."""
    return sorted(p.name for p in suites.iterdir() if p.is_dir() and ((p / "__init__.py").exists()
                                                                      or any(p.glob("test_*.py"))))
