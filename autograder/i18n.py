"""The autograder's languages: one TOML file per language in ``autograder/locales/``.

Every fixed text a student or instructor reads outside a feedback message lives there: the labels of
the terminal tables, the HTML feedback page and the class report, the command line's one-line
answers, and the glossary of the quantities the hidden tests name ("IS mean", "style loss"), which
are put into the language of a sentence (``[quantities]``, see :func:`quantity`). Adding a language
is adding ``locales/<code>.toml``: :data:`LANGS` lists the files, ``--lang`` offers them, and a key
a file lacks falls back to English (``en.toml``, which has every key; ``tests/test_i18n.py`` checks
that every other file has the same keys and placeholders).

Feedback *messages* computed from a student's values are :class:`autograder.messages.Message`
objects, written where they are computed with one text per language; a language without its own
text there reads the English one.

Read with :mod:`tomllib` (the standard library's TOML parser).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

LOCALES = Path(__file__).resolve().parent / "locales"
#: The course's language: the default of every command.
DEFAULT = "ja"
FALLBACK = "en"


def _codes() -> tuple[str, ...]:
    codes = sorted(p.stem for p in LOCALES.glob("*.toml"))
    return tuple([DEFAULT] + [c for c in codes if c != DEFAULT])


#: Every language with a locale file, the default first.
LANGS: tuple[str, ...] = _codes()


@lru_cache(maxsize=None)
def _load(lang: str) -> dict:
    path = LOCALES / f"{lang}.toml"
    if not path.is_file():
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    with path.open("rb") as f:
        return tomllib.load(f)


def table(section: str, lang: str) -> dict[str, str]:
    """The labels of ``section`` in ``lang``, English where ``lang``'s file lacks one.

    Raises:
        ValueError: a language without a locale file.
        KeyError: a section English does not have (a bug of the caller).
    """
    base = _load(FALLBACK)[section]
    return {**base, **_load(lang).get(section, {})} if lang != FALLBACK else dict(base)


def text(section: str, key: str, lang: str, **fields) -> str:
    """One label, its ``{placeholders}`` filled from ``fields``."""
    label = table(section, lang)[key]
    return label.format(**fields) if fields else label


@lru_cache(maxsize=None)
def _glossary(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    entries = _load(lang).get("quantities", {}) if lang != FALLBACK else {}
    # longest first, so that "returned loss_d" is not read as "returned loss" + "_d"
    return tuple((re.compile(r"(?<![\w`])" + re.escape(en) + r"(?![\w`])"), tr)
                 for en, tr in sorted(entries.items(), key=lambda kv: -len(kv[0])))


def quantity(label: str, lang: str) -> str:
    """A test's name for a quantity (``"IS mean (N=20, splits=4)"``) in ``lang``: each glossary phrase
    of ``lang``'s ``[quantities]`` replaced where it stands as a whole phrase; code (function names,
    ``z``, shapes and values) stays as it is. English labels are returned unchanged."""
    if lang == FALLBACK:
        return label
    out = label
    for pattern, translated in _glossary(lang):
        out = pattern.sub(lambda _m, t=translated: t, out)
    return out


def in_ja(label: str) -> str:
    """:func:`quantity` in Japanese: for the Japanese text of a bilingual message."""
    return quantity(label, "ja")
