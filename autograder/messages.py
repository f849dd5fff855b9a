"""Bilingual (Japanese / English) feedback messages and the failures that carry them."""
from __future__ import annotations

from dataclasses import dataclass

LANGS = ("ja", "en")


@dataclass(frozen=True)
class Message:
    """A feedback text in both languages; ``render(lang)`` picks one."""

    en: str
    ja: str

    def render(self, lang: str = "ja") -> str:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}; use one of {LANGS}")
        return self.ja if lang == "ja" else self.en

    def __add__(self, other: "Message") -> "Message":
        return Message(en=f"{self.en}\n{other.en}".strip(), ja=f"{self.ja}\n{other.ja}".strip())


def msg(en: str, ja: str | None = None) -> Message:
    """Build a :class:`Message`; ``ja`` defaults to ``en`` (numbers and code read the same)."""
    return Message(en=en, ja=ja if ja is not None else en)


class GradingFailure(AssertionError):
    """A test failed for a reason that the student should read.

    ``message`` is shown as feedback; ``kind`` classifies failures for reports
    (``mismatch``, ``shape``, ``dtype``, ``nonfinite``, ``student_error``,
    ``missing``, ``timeout``, ``crash``, ``output``).
    """

    def __init__(self, message: Message, kind: str = "mismatch"):
        super().__init__(message.en)
        self.message = message
        self.kind = kind


class StudentCodeError(GradingFailure):
    """The student's code raised, was missing, timed out or killed its worker."""
