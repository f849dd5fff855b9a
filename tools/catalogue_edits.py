"""Write catalogue entries as edits of the reference (see :mod:`autograder.catalogue`).

    python tools/catalogue_edits.py [--write] [PATH ...]

For each whole-cell entry (default: every entry of every assignment) whose definitions all exist
in ``solutions/<assignment>.py``, compute the hunks that turn the reference (docstrings removed)
into the entry's code, and check that materialising them gives exactly that code. Without
``--write`` it only reports what it would convert; with it, the entry file is rewritten when the
edit has at most MAX_RATIO of the whole cell's lines. Entries that are already edits are left alone.
"""
from __future__ import annotations

import argparse
import ast
import difflib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder import catalogue  # noqa: E402

#: an edit is written only when it has at most this fraction of the whole cell's lines
MAX_RATIO = 0.8


def _split_header(text: str) -> tuple[list[str], str]:
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("#") and ":" in lines[n]:
        n += 1
    return lines[:n], "\n".join(lines[n:])


def _defines(code: str) -> tuple[str, ...]:
    return tuple(n.name for n in ast.parse(code).body
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def hunks_for(base: str, code: str, context: int = 1) -> list[list[str]]:
    """Hunk lines ('#=', '#-', '#+') turning ``base`` into ``code``, each anchored uniquely."""
    a, b = base.split("\n"), code.split("\n")
    for n in range(context, 8):
        out = []
        for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(n):
            lines = []
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    lines += ["#=" + x for x in a[i1:i2]]
                if tag in ("replace", "delete"):
                    lines += ["#-" + x for x in a[i1:i2]]
                if tag in ("replace", "insert"):
                    lines += ["#+" + x for x in b[j1:j2]]
            out.append(lines)
        try:
            got = catalogue.apply_hunks(base, catalogue.parse_hunks(
                [line for h in out for line in [catalogue.HUNK, *h]], "check"), "check")
        except catalogue.CatalogueError:
            continue
        if got == code:
            return out
    raise catalogue.CatalogueError("no unique anchoring found")


def convert(path: Path) -> tuple[str, int, int] | None:
    """(new text, old line count, new line count) for a convertible whole-cell entry, else None."""
    assignment = path.parts[path.parts.index("suites") + 1]
    text = path.read_text(encoding="utf-8")
    if catalogue.HUNK in (line.rstrip() for line in text.split("\n")):
        return None
    header, code = _split_header(text)
    try:
        names = _defines(code)
        base = catalogue.reference_source(assignment, names)
    except (SyntaxError, catalogue.CatalogueError):
        return None
    if not names:
        return None
    stripped = catalogue.strip_docstrings(code)
    if not stripped.endswith("\n"):
        stripped += "\n"
    try:
        hunks = hunks_for(base, stripped)
    except catalogue.CatalogueError:
        return None
    new = "\n".join(header + [f"# copy: {', '.join(names)}"]
                    + [line for h in hunks for line in [catalogue.HUNK, *h]]) + "\n"
    # the same code, checked through the loader's own path
    assert catalogue.materialise(assignment, new, str(path)) == "\n".join(header) + "\n" + stripped
    return new, text.count("\n") + 1, new.count("\n") + 1


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="rewrite the entries that shrink enough")
    ap.add_argument("paths", nargs="*", type=Path)
    args = ap.parse_args(argv)
    paths = args.paths or sorted((REPO / "autograder" / "suites").glob("*/variants/*/*.py"))
    before = after = converted = 0
    for path in paths:
        path = path.resolve()
        lines = path.read_text(encoding="utf-8").count("\n") + 1
        res = convert(path)
        if res is None or res[2] > MAX_RATIO * res[1]:
            before += lines
            after += lines
            continue
        new, old_n, new_n = res
        before += old_n
        after += new_n
        converted += 1
        print(f"{path.relative_to(REPO)}: {old_n} -> {new_n} lines")
        if args.write:
            path.write_text(new, encoding="utf-8")
    print(f"{converted} entries as edits; catalogue {before} -> {after} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
