"""Build instructor (source) notebooks from the reference modules in ``solutions/``.

One source of truth: the solution regions of ``source/<assignment>/*.ipynb`` are
generated from ``solutions/<assignment>.py`` by :class:`NotebookBuilder`, which
copies each reference function or class with ``inspect.getsource`` and wraps the
body after the docstring in nbgrader's ``### BEGIN SOLUTION`` / ``### END SOLUTION``
markers (for a class: the body of each method).  ``tests/test_course_layout.py``
rebuilds every notebook and fails on any difference, so the two cannot drift.

Cell kinds (nbgrader metadata in brackets):
- ``markdown``: prose (not nbgrader);
- ``setup``: imports and data, locked (read-only), executed by the grader;
- ``solution``: the student's region (``solution: true``), executed by the grader;
- ``grade``: the visible sanity check, locked, ``grade: true`` with ``points``;
  its score comes from the hidden suite tests marked with the same grade_id;
  the grader does not execute it;
- ``demo``: locked cells that plot or train for the student; tagged
  ``autograder:skip`` so the grader does not execute them.
"""
from __future__ import annotations

import ast
import inspect
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Iterable

import nbformat

SKIP_TAG = "autograder:skip"
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"


def _body_start(node: ast.AST) -> int:
    """0-based line (relative to the def) where the body after a docstring starts."""
    body = node.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
            and isinstance(first.value.value, str):
        return first.end_lineno - node.lineno + 1
    return first.lineno - node.lineno


def _mark_function(lines: list[str], node: ast.FunctionDef, offset: int) -> list[str]:
    """Insert markers into ``lines`` (the whole snippet) around ``node``'s body."""
    start = offset + _body_start(node)
    end = offset + node.end_lineno - node.lineno + 1
    indent = " " * (node.body[-1].col_offset)
    return lines[:start] + [indent + BEGIN] + lines[start:end] + [indent + END] + lines[end:]


def solution_source(module: ModuleType, names: Iterable[str]) -> str:
    """Source of ``names`` from ``module`` with solution markers inserted.

    Functions get their body (after the docstring) wrapped; classes get the body
    of every method wrapped, so the released stub still defines the class.
    """
    chunks = []
    for name in names:
        obj = getattr(module, name)
        src = textwrap.dedent(inspect.getsource(obj)).rstrip("\n")
        tree = ast.parse(src)
        node = tree.body[0]
        lines = src.split("\n")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines = _mark_function(lines, node, node.lineno - 1)
        elif isinstance(node, ast.ClassDef):
            methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
            for meth in reversed(methods):  # bottom-up keeps earlier line numbers valid
                lines = _mark_function(lines, meth, meth.lineno - 1)
        else:
            raise TypeError(f"{name} is a {type(node).__name__}; only functions and classes can be solutions")
        chunks.append("\n".join(lines))
    return "\n\n\n".join(chunks)


class NotebookBuilder:
    """Compose a source notebook cell by cell (see the module docstring for cell kinds)."""

    def __init__(self, assignment: str):
        self.assignment = assignment
        self.nb = nbformat.v4.new_notebook()
        self.nb.metadata = {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "autograder": {"assignment": assignment},
        }
        self._ids: set[str] = set()
        self._n = 0

    def _cell_id(self, base: str) -> str:
        self._n += 1
        return f"{base.replace('_', '-')[:40]}-{self._n:02d}"

    def _nbgrader(self, grade_id: str, *, solution=False, grade=False, locked=False, points=None) -> dict:
        if grade_id in self._ids:
            raise ValueError(f"duplicate grade_id {grade_id!r} in {self.assignment}")
        self._ids.add(grade_id)
        meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
                "solution": solution, "task": False}
        if points is not None:
            meta["points"] = points
        return meta

    def markdown(self, text: str) -> "NotebookBuilder":
        cell = nbformat.v4.new_markdown_cell(textwrap.dedent(text).strip("\n"))
        cell.id = self._cell_id("md")
        self.nb.cells.append(cell)
        return self

    def setup(self, grade_id: str, code: str) -> "NotebookBuilder":
        cell = nbformat.v4.new_code_cell(textwrap.dedent(code).strip("\n"))
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, locked=True)
        self.nb.cells.append(cell)
        return self

    def solution(self, grade_id: str, module: ModuleType, names: list[str], *, prefix: str = "") -> "NotebookBuilder":
        code = (textwrap.dedent(prefix).strip("\n") + "\n\n\n" if prefix else "") + solution_source(module, names)
        cell = nbformat.v4.new_code_cell(code)
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, solution=True)
        self.nb.cells.append(cell)
        return self

    def grade(self, grade_id: str, points: float, code: str) -> "NotebookBuilder":
        cell = nbformat.v4.new_code_cell(textwrap.dedent(code).strip("\n"))
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, grade=True, locked=True, points=points)
        self.nb.cells.append(cell)
        return self

    def demo(self, grade_id: str, code: str) -> "NotebookBuilder":
        cell = nbformat.v4.new_code_cell(textwrap.dedent(code).strip("\n"))
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, locked=True)
        cell.metadata["tags"] = [SKIP_TAG]
        self.nb.cells.append(cell)
        return self

    def write(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(self.nb)
        text = nbformat.writes(self.nb) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        return path

    def text(self) -> str:
        return nbformat.writes(self.nb) + "\n"
