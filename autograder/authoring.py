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
import re
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


def _names_in(code: str) -> set[str]:
    """Every bare name that ``code`` refers to (``ast.Name`` nodes)."""
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}


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
        self._defined: list[str] = []  # student-defined names, in the order the exercises define them
        self._uses: dict[str, set[str]] = {}  # name -> names its reference source refers to
        self._pending: list[str] = []  # names defined since the last grade cell (that cell's own)

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
        code = textwrap.dedent(code).strip("\n")
        self._check_display(grade_id, code)
        cell = nbformat.v4.new_code_cell(code)
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, locked=True)
        self.nb.cells.append(cell)
        return self

    def solution(self, grade_id: str, module: ModuleType, names: list[str], *, prefix: str = "") -> "NotebookBuilder":
        for name in names:
            self._defined.append(name)
            self._pending.append(name)
            self._uses[name] = _names_in(textwrap.dedent(inspect.getsource(getattr(module, name))))
        code = (textwrap.dedent(prefix).strip("\n") + "\n\n\n" if prefix else "") + solution_source(module, names)
        cell = nbformat.v4.new_code_cell(code)
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, solution=True)
        self.nb.cells.append(cell)
        return self

    def _requires(self, code: str, own: list[str]) -> list[str]:
        """The earlier exercises' names that ``code`` calls, directly or through the reference
        source of what it calls (in definition order), minus this cell's ``own`` names."""
        seen: set[str] = set()
        todo = [n for n in _names_in(code) if n in self._uses]
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(m for m in self._uses.get(n, ()) if m in self._uses)
        return [n for n in self._defined if n in seen and n not in own]

    def _with_requires(self, grade_id: str, code: str, own: list[str]) -> str:
        """``code`` with its ``sanity_check("<name>")`` given the ``requires=`` of the earlier exercises
        it uses, so the visible check names an unimplemented upstream instead of blaming this one."""
        requires = self._requires(code, own)
        calls = re.findall(r'sanity_check\("([^"]+)"\)', code)
        if not requires or "sanity_check(" not in code:
            return code
        if len(calls) != 1:
            raise ValueError(f"{self.assignment}: the check cell {grade_id!r} must hold one sanity_check(\"name\") "
                             f"(it uses {', '.join(requires)} from earlier exercises)")
        call = f'sanity_check("{calls[0]}")'
        return code.replace(call, f'sanity_check("{calls[0]}", requires={tuple(requires)!r})')

    def _check_display(self, grade_id: str, code: str) -> None:
        """A locked cell must not end in an expression whose value Jupyter would display (a
        ``<torch._C.Generator at 0x…>`` under every setup cell); ``print``/``show``/``display`` are fine."""
        body = ast.parse(code).body
        last = body[-1] if body else None
        if isinstance(last, ast.Expr):
            fn = last.value.func if isinstance(last.value, ast.Call) else None
            name = getattr(fn, "attr", getattr(fn, "id", ""))
            if name not in ("print", "show", "display"):
                raise ValueError(f"{self.assignment}: locked cell {grade_id!r} ends in the expression "
                                 f"{ast.unparse(last)!r}, whose value Jupyter displays; assign it (_ = ...)")

    def grade(self, grade_id: str, points: float, code: str) -> "NotebookBuilder":
        code = textwrap.dedent(code).strip("\n")
        self._check_display(grade_id, code)
        code = self._with_requires(grade_id, code, self._pending)
        self._pending = []
        cell = nbformat.v4.new_code_cell(code)
        cell.id = self._cell_id(grade_id)
        cell.metadata["nbgrader"] = self._nbgrader(grade_id, grade=True, locked=True, points=points)
        self.nb.cells.append(cell)
        return self

    def demo(self, grade_id: str, code: str) -> "NotebookBuilder":
        code = textwrap.dedent(code).strip("\n")
        self._check_display(grade_id, code)
        code = self._with_requires(grade_id, code, [])
        cell = nbformat.v4.new_code_cell(code)
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
