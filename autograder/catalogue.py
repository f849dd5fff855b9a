"""The catalogue of mistakes and valid variants next to each hidden suite.

``autograder/suites/<assignment>/variants/<exercise>/{mistake,valid}_<slug>.py``:
each file replaces the source of the solution cell ``<exercise>_code`` and
starts with ``# key: value`` header lines (title, title_ja, diagnosis,
diagnosis_ja; optional ``cell: <grade_id>`` when the replaced cell has another id).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .messages import Message, msg

SUITES = Path(__file__).resolve().parent / "suites"


@dataclass(frozen=True)
class Variant:
    """One catalogue entry."""

    assignment: str
    exercise: str
    kind: str  # "mistake" | "valid"
    slug: str
    cell: str  # grade_id of the solution cell it replaces
    source: str
    title: Message
    diagnosis: Message
    path: Path

    @property
    def id(self) -> str:
        return f"{self.assignment}/{self.exercise}/{self.kind}_{self.slug}"

    @property
    def defines(self) -> tuple[str, ...]:
        try:
            tree = ast.parse(self.source)
        except SyntaxError:
            return ()
        return tuple(n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)))


def _header(source: str) -> dict:
    meta = {}
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].partition(":")
        if sep:
            meta[key.strip()] = value.strip()
    return meta


@lru_cache(maxsize=None)
def load(assignment: str) -> tuple[Variant, ...]:
    """All entries of ``assignment``, sorted by exercise, kind and slug."""
    root = SUITES / assignment / "variants"
    out = []
    if not root.is_dir():
        return ()
    for path in sorted(root.glob("*/*.py")):
        kind, _, slug = path.stem.partition("_")
        if kind not in ("mistake", "valid"):
            continue
        source = path.read_text(encoding="utf-8")
        meta = _header(source)
        exercise = path.parent.name
        title = msg(meta.get("title", slug), meta.get("title_ja", meta.get("title", slug)))
        diag = msg(meta.get("diagnosis", title.en), meta.get("diagnosis_ja", meta.get("diagnosis", title.ja)))
        out.append(Variant(assignment, exercise, kind, slug, meta.get("cell", f"{exercise}_code"), source,
                           title, diag, path))
    return tuple(out)


def mistakes_defining(assignment: str, name: str) -> list[Variant]:
    return [v for v in load(assignment) if v.kind == "mistake" and name in v.defines]


def find(assignment: str, exercise: str, kind: str, slug: str) -> Variant:
    """The entry ``variants/<exercise>/<kind>_<slug>.py`` of ``assignment``; LookupError if absent."""
    for v in load(assignment):
        if v.exercise == exercise and v.kind == kind and v.slug == slug:
            return v
    raise LookupError(f"{assignment}: {exercise}/{kind}_{slug} is not in the catalogue")
