"""Student text made inert for terminals, spreadsheets and pages.

Everything a student controls can reach what an instructor or a student opens:
exception messages, printed output, ``state_dict`` keys, class names, folder
names.  :func:`clean` makes such text inert before it enters a report, so every
writer (the ``rich`` table in a terminal, CSV, ``summary.json``/``.html``,
results.json, the feedback page) gets the same safe text:

* C0 control characters other than newline and tab (ESC starts the ANSI/OSC
  sequences that set the window title, draw over the table with cursor moves, or
  plant OSC 8 links), carriage return, DEL and the C1 range become visible
  ``\\xNN`` escapes;
* Unicode bidirectional overrides and isolates (the "Trojan Source" characters,
  CVE-2021-42574) and the line/paragraph separators become ``\\uNNNN``.

:func:`csv_cell` also neutralises spreadsheet formulas (a cell starting with
``= + - @``, OWASP "CSV injection").
"""
from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")


def _escape(m: re.Match) -> str:
    c = m.group(0)
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def clean(text: object) -> str:
    """``text`` as a string with every control character made visible (see the module doc)."""
    s = text if isinstance(text, str) else str(text)
    return _UNSAFE.sub(_escape, s)


def clean_tree(value: object) -> object:
    """:func:`clean` applied to every string (keys included) of a JSON-like value."""
    from genmodels_lab.runtime.tree import tree_map

    def text(v: object) -> object:
        return clean(v) if isinstance(v, str) else v

    return tree_map(text, value, key=text)


def csv_cell(value: object) -> object:
    """A CSV field: strings cleaned, and a leading ``= + - @`` (a formula) prefixed with ``'``."""
    if not isinstance(value, str):
        return value
    s = clean(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s
