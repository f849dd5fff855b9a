"""The strict isolation level (user separation + bubblewrap). Placeholder until built."""
from __future__ import annotations


class StrictUnavailable(Exception):
    """Strict isolation cannot be set up here; the message says what is missing and how to get it."""


def check_available() -> None:
    raise StrictUnavailable("not implemented yet")


class StrictSandbox:  # pragma: no cover - replaced by the real implementation
    def __init__(self, limits, device="cpu"):
        check_available()
