"""Bilingual (Japanese / English) feedback messages and the failures that carry them.

The fixed labels around them (tables, pages, reports, the command line) come from
:mod:`autograder.i18n`'s locale files."""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import LANGS  # noqa: F401 - every language with a locale file (autograder/locales/)
from .textsafe import clean

#: Longest feedback text kept (characters per language); longer texts end with a visible marker.
MAX_MESSAGE = 4000


def cap(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut to ``limit`` characters with a visible "truncated" marker (bilingual)."""
    if len(text) <= limit or (len(text) <= limit + 120 and text.endswith("文字省略]")):  # idempotent
        return text
    return text[:limit] + f" … [truncated: {len(text) - limit} more characters / 以下 {len(text) - limit} 文字省略]"


@dataclass(frozen=True)
class Message:
    """A feedback text in both languages; ``render(lang)`` picks one."""

    en: str
    ja: str

    def __post_init__(self) -> None:
        # every feedback text is made inert here, once: student text (exception messages, printed
        # output, dict keys) can carry terminal escapes and bidi overrides (autograder.textsafe)
        # and capped: a message built from student data (300k dict keys) must not bloat every report
        object.__setattr__(self, "en", cap(clean(self.en)))
        object.__setattr__(self, "ja", cap(clean(self.ja)))

    def render(self, lang: str = "ja") -> str:
        """The text in ``lang``; a language other than ja and en reads the English text (a message is
        written where its values are computed, in the two languages of the course)."""
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
    ``missing``, ``timeout``, ``crash``, ``output``, ``not_implemented``).  ``detail`` holds
    facts for instructors only (the raw ``rtol``/``atol`` of a comparison), never shown to students.
    """

    def __init__(self, message: Message, kind: str = "mismatch", detail: dict | None = None):
        super().__init__(message.en)
        self.message = message
        self.kind = kind
        self.detail = detail


class SuiteError(RuntimeError):
    """A bug in a hidden suite or in the grader, found while a test runs: never the student's fault.
    The plugin reports it as a suite error, so the whole submission is a ``grader_error`` (no test
    result of it counts) instead of "could not evaluate your output"."""


class StudentCodeError(GradingFailure):
    """The student's code raised, was missing, timed out or killed its worker.

    For ``missing``, ``detail["name"]`` is the name the notebook does not define."""
