"""The catalogue of mistakes and valid variants next to each hidden suite.

``autograder/suites/<assignment>/variants/<exercise>/{mistake,valid}_<slug>.py``:
each entry gives the source that replaces the solution cell ``<exercise>_code``. It starts
with ``# key: value`` header lines (title, title_ja, diagnosis, diagnosis_ja; optional
``cell: <grade_id>`` when the replaced cell has another id), and comes in one of two forms.

**An edit of the reference** (most mistakes): a ``# copy: <name>, <name>`` header names the
definitions of ``solutions/<assignment>.py`` the cell holds, in order; the entry then states
only its change, as hunks. Each hunk starts with a line ``#@@`` and lists lines prefixed
``#=`` (context, kept), ``#-`` (removed) and ``#+`` (added); the text after the two-character
prefix is the line verbatim. A hunk's context and removed lines must occur exactly once, as
whole lines, in the text it is applied to::

    # title: noise required at t = 0 as well
    # ...
    # copy: ddpm_step
    #@@
    #-    if t > 0 and noise is None:
    #+    if noise is None:

The base is the reference source with every docstring removed (:func:`reference_source`):
what a student's cell holds minus the prose. The file is all comments, so it is valid Python
and never runs by itself. Like diffusers' "# Copied from" comments, a test enforces the form
(``tests/test_catalogue_edits.py``): an entry that is mostly a copy of the reference must be
written as an edit, and every edit must apply. ``tools/catalogue_edits.py`` converts a
whole-cell entry into an edit and checks that the result is the same code.

**A whole cell**: any other file is the cell's source itself (valid variants written another
way, and mistakes whose change is the whole cell).
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .messages import Message, msg

SUITES = Path(__file__).resolve().parent / "suites"
SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"
HUNK = "#@@"


class CatalogueError(ValueError):
    """An entry that cannot be materialised: names the file, the hunk and what is wrong."""


def strip_docstrings(source: str) -> str:
    """``source`` without the docstrings of its functions, classes and methods (the lines they
    occupy), where the body has another statement (so the code stays valid)."""
    tree = ast.parse(source)
    drop: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and len(node.body) > 1:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                drop.update(range(first.lineno, first.end_lineno + 1))
    lines = source.split("\n")
    return "\n".join(line for i, line in enumerate(lines, 1) if i not in drop)


@lru_cache(maxsize=None)
def _solution_definitions(assignment: str) -> dict[str, str]:
    """name -> source of each top-level function or class of ``solutions/<assignment>.py``."""
    path = SOLUTIONS / f"{assignment}.py"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    out = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            out[node.name] = "\n".join(lines[start:node.end_lineno])
    return out


def reference_source(assignment: str, names: tuple[str, ...] | list[str]) -> str:
    """The base an edit entry applies to: the definitions ``names`` of ``solutions/<assignment>.py``
    in that order, docstrings removed, separated by two blank lines, ending in a newline.

    Raises:
        CatalogueError: a name that ``solutions/<assignment>.py`` does not define.
    """
    defs = _solution_definitions(assignment)
    missing = [n for n in names if n not in defs]
    if missing:
        raise CatalogueError(f"solutions/{assignment}.py defines no {', '.join(missing)} "
                             f"(it defines {', '.join(sorted(defs))})")
    return "\n\n\n".join(strip_docstrings(defs[n]) for n in names) + "\n"


def parse_hunks(body_lines: list[str], where: str) -> list[tuple[str, str]]:
    """The (old, new) text of each hunk in ``body_lines`` (the lines from the first ``#@@``)."""
    hunks: list[tuple[list[str], list[str]]] = []
    for n, line in enumerate(body_lines, 1):
        if line.rstrip() == HUNK:
            hunks.append(([], []))
            continue
        if not line.strip():
            continue
        prefix, text = line[:2], line[2:]
        if not hunks or prefix not in ("#=", "#-", "#+"):
            raise CatalogueError(f"{where}: line {n} after the header is neither '#@@' nor a hunk line "
                                 f"('#=' context, '#-' removed, '#+' added): {line[:60]!r}")
        old, new = hunks[-1]
        if prefix in ("#=", "#-"):
            old.append(text)
        if prefix in ("#=", "#+"):
            new.append(text)
    out = []
    for i, (old, new) in enumerate(hunks, 1):
        if not old:
            raise CatalogueError(f"{where}: hunk {i} has no context or removed line to anchor it")
        out.append(("\n".join(old), "\n".join(new)))
    return out


def apply_hunks(base: str, hunks: list[tuple[str, str]], where: str) -> str:
    """``base`` with each hunk's old lines replaced by its new lines, in order.

    Raises:
        CatalogueError: a hunk whose old lines occur nowhere, or more than once, as whole lines.
    """
    text = base
    for i, (old, new) in enumerate(hunks, 1):
        padded, needle = "\n" + text + "\n", "\n" + old + "\n"
        count = padded.count(needle)
        if count != 1:
            first = old.split("\n")[0].strip()
            raise CatalogueError(f"{where}: hunk {i} (starting {first[:50]!r}) occurs {count} times in the "
                                 "reference; it must occur exactly once: add context lines ('#=') or fix the "
                                 "lines to match solutions/ exactly")
        padded = padded.replace(needle, "\n" + new + "\n" if new else "\n", 1)
        text = padded[1:-1]
    return text


def materialise(assignment: str, text: str, where: str) -> str:
    """The cell source an entry file's ``text`` stands for (unchanged for a whole-cell entry; for
    an edit, the header's title lines followed by the edited reference)."""
    lines = text.split("\n")
    if HUNK not in (line.rstrip() for line in lines):
        return text
    start = next(i for i, line in enumerate(lines) if line.rstrip() == HUNK)
    header = lines[:start]
    meta = _header("\n".join(header))
    names = tuple(n.strip() for n in meta.get("copy", "").split(",") if n.strip())
    if not names:
        raise CatalogueError(f"{where}: an edit needs a '# copy: <name>, ...' header naming the definitions "
                             f"of solutions/{assignment}.py it edits")
    code = apply_hunks(reference_source(assignment, names), parse_hunks(lines[start:], where), where)
    kept = [line for line in header if not line.startswith("# copy:") and line.strip()]
    return "\n".join(kept) + "\n" + code


@dataclass(frozen=True)
class Variant:
    """One catalogue entry; ``source`` is the cell it stands for (an edit entry materialised)."""

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
        if not line.startswith("#") or line.rstrip() == HUNK:
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
        text = path.read_text(encoding="utf-8")
        meta = _header(text)
        source = materialise(assignment, text, str(path.relative_to(SUITES.parent.parent)))
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
