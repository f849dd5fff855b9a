"""Load and validate a submitted notebook; restore locked cells from the release.

Every problem becomes a :class:`~autograder.messages.Message` (never a crash):
unreadable files, non-UTF-8 bytes, invalid JSON, old nbformat (upgraded),
schema errors, size limits, duplicate grade_ids, and locked cells that were
deleted or edited (restored from the released notebook and reported, as
nbgrader's OverwriteCells does).  Grade points always come from the release,
never from the submission.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import nbformat

from .authoring import SKIP_TAG
from .messages import Message, msg

#: Largest notebook file accepted (bytes).
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
#: Largest total source of code cells accepted (characters).
MAX_CODE_CHARS = 2 * 1024 * 1024

REPO_ROOT = Path(__file__).resolve().parents[1]


class NotebookError(Exception):
    """The file cannot be graded at all (carries a bilingual message)."""

    def __init__(self, message: Message):
        super().__init__(message.en)
        self.message = message


@dataclass(frozen=True)
class Exercise:
    """A grade cell of the release: the unit that earns points."""

    grade_id: str
    max_score: float


@dataclass
class Submission:
    """A validated notebook ready to grade.

    Attributes:
        assignment: assignment id (e.g. ``ch2_vae``).
        name: notebook file name (e.g. ``vae.ipynb``).
        nb: the notebook with locked cells restored (nbformat v4 node).
        run_cells: index -> source of the code cells the worker executes, in order.
        exercises: the grade cells of the release (points from the release).
        problems: messages about the file itself (restored cells, duplicates, ...).
    """

    assignment: str
    name: str
    nb: nbformat.NotebookNode
    run_cells: dict[int, str]
    exercises: list[Exercise]
    problems: list[Message] = field(default_factory=list)


def known_assignments(root: Path = REPO_ROOT) -> list[str]:
    from .suites import assignment_ids

    return assignment_ids(root / "autograder" / "suites")


def release_notebook(assignment: str, name: Optional[str] = None, root: Path = REPO_ROOT) -> Path:
    folder = root / "release" / assignment
    nbs = sorted(folder.glob("*.ipynb"))
    if not nbs:
        raise NotebookError(msg(f"no released notebook for assignment {assignment!r} in {folder}",
                                f"課題 {assignment!r} の配布ノートブックが {folder} にありません"))
    if name:
        for p in nbs:
            if p.name == name:
                return p
    return nbs[0]


def read_notebook(path: Path) -> tuple[nbformat.NotebookNode, list[Message]]:
    """Read ``path`` as an nbformat v4 notebook; raise NotebookError if it cannot be used."""
    problems: list[Message] = []
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotebookError(msg(f"cannot read {path}: {exc.strerror}", f"{path} を読めません: {exc.strerror}"))
    if size == 0:
        raise NotebookError(msg(f"{path.name} is empty (0 bytes). Save the notebook in Jupyter and submit again.",
                                f"{path.name} は空です（0 バイト）。Jupyter で保存してから提出し直してください。"))
    if size > MAX_NOTEBOOK_BYTES:
        raise NotebookError(msg(
            f"{path.name} is {size / 2**20:.1f} MiB; the limit is {MAX_NOTEBOOK_BYTES / 2**20:.0f} MiB. "
            "Clear the outputs (Edit > Clear Outputs of All Cells), save and submit again.",
            f"{path.name} は {size / 2**20:.1f} MiB で、上限 {MAX_NOTEBOOK_BYTES / 2**20:.0f} MiB を超えています。"
            "出力を消去（Edit > Clear Outputs of All Cells）して保存し、提出し直してください。"))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(msg(
            f"{path.name} is not valid UTF-8 (byte {exc.start}). Notebooks are UTF-8 JSON: re-save it from Jupyter.",
            f"{path.name} は UTF-8 として読めません（{exc.start} バイト目）。Jupyter で保存し直してください。"))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise NotebookError(msg(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "Was it edited in a text editor? Re-download your notebook from Jupyter.",
            f"{path.name} は正しい JSON ではありません（{exc.lineno} 行 {exc.colno} 列: {exc.msg}）。"
            "テキストエディタで編集しましたか？ Jupyter から保存し直してください。"))
    if not isinstance(data, dict) or "cells" not in data and "worksheets" not in data:
        raise NotebookError(msg(f"{path.name} is JSON but not a Jupyter notebook (no 'cells').",
                                f"{path.name} は JSON ですが Jupyter ノートブックではありません（'cells' がありません）。"))
    major = data.get("nbformat")
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds
        raise NotebookError(msg(f"{path.name} cannot be read as a notebook: {str(exc)[:300]}",
                                f"{path.name} をノートブックとして読めません: {str(exc)[:300]}"))
    if major != 4:
        problems.append(msg(f"The notebook was in nbformat {major}; it was upgraded to nbformat 4 for grading.",
                            f"ノートブックは nbformat {major} 形式でした。採点のため nbformat 4 に変換しました。"))
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        problems.append(msg(f"The notebook does not fully follow the nbformat schema ({str(exc.message)[:200]}); "
                            "grading continues.",
                            f"ノートブックが nbformat のスキーマに完全には従っていません（{str(exc.message)[:200]}）。"
                            "採点は続けます。"))
    for cell in nb.cells:
        if not isinstance(cell.get("source", ""), str):
            cell["source"] = "".join(cell.get("source") or [])
    return nb, problems


def _nbg(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def infer_assignment(nb, path: Optional[Path], root: Path = REPO_ROOT) -> Optional[str]:
    """From notebook metadata (``autograder.assignment``), the path, or the grade_ids."""
    known = known_assignments(root)
    meta = nb.metadata.get("autograder", {})
    if isinstance(meta, dict) and meta.get("assignment") in known:
        return meta["assignment"]
    if path is not None:
        for part in reversed(path.resolve().parts[:-1]):
            if part in known:
                return part
    ids = {_nbg(c).get("grade_id") for c in nb.cells}
    best, overlap = None, 0
    for a in known:
        try:
            rel, _ = read_notebook(release_notebook(a, root=root))
        except NotebookError:
            continue
        n = len(ids & {_nbg(c).get("grade_id") for c in rel.cells})
        if n > overlap:
            best, overlap = a, n
    return best


def prepare(nb, assignment: str, name: str, problems: list[Message], root: Path = REPO_ROOT) -> Submission:
    """Restore locked cells from the release and select the cells to execute."""
    release_path = release_notebook(assignment, name, root)
    release, _ = read_notebook(release_path)
    nb = copy.deepcopy(nb)
    problems = list(problems)

    seen: dict[str, int] = {}
    for cell in nb.cells:
        gid = _nbg(cell).get("grade_id")
        if gid:
            seen[gid] = seen.get(gid, 0) + 1
    dups = sorted(g for g, n in seen.items() if n > 1)
    if dups:
        problems.append(msg(f"Duplicate grade_id(s) {', '.join(dups)}: a cell was copied. Locked copies are removed; "
                            "for code you wrote, the last definition wins as in Python.",
                            f"grade_id {', '.join(dups)} が重複しています（セルの複製）。ロックされたセルの複製は削除し、"
                            "あなたのコードは Python と同様に最後の定義を使います。"))

    by_id = {}
    for cell in nb.cells:
        gid = _nbg(cell).get("grade_id")
        if gid and gid not in by_id:
            by_id[gid] = cell
    new_cells = []
    restored, edited = [], []
    locked_ids = {_nbg(c).get("grade_id") for c in release.cells if _nbg(c).get("locked") or _nbg(c).get("grade")}
    submitted_order = [c for c in nb.cells]
    # Walk the release in order; keep the student's cells between locked cells.
    pos = 0
    for rcell in release.cells:
        meta = _nbg(rcell)
        gid = meta.get("grade_id")
        if gid in locked_ids:
            if gid not in by_id or not any(_nbg(c).get("grade_id") == gid for c in submitted_order[pos:]):
                # deleted (or moved above an earlier locked cell): restore it here without consuming
                # the student's later cells (they belong after it)
                if gid not in by_id:
                    restored.append(gid)
                new_cells.append(copy.deepcopy(rcell))
                continue
            # copy everything the student has before this locked cell
            while pos < len(submitted_order):
                c = submitted_order[pos]
                cg = _nbg(c).get("grade_id")
                if cg == gid:
                    break
                if cg in locked_ids:  # another locked cell (reordered or duplicate): drop, restored in place
                    pos += 1
                    continue
                new_cells.append(c)
                pos += 1
            mine = by_id.get(gid)
            fresh = copy.deepcopy(rcell)
            if mine is None:
                restored.append(gid)
            elif mine.get("source") != rcell.get("source") or mine.get("cell_type") != rcell.get("cell_type"):
                edited.append(gid)
            else:
                fresh["outputs"] = copy.deepcopy(mine.get("outputs", [])) if rcell.cell_type == "code" else []
            if pos < len(submitted_order) and _nbg(submitted_order[pos]).get("grade_id") == gid:
                pos += 1
            new_cells.append(fresh)
    while pos < len(submitted_order):
        c = submitted_order[pos]
        if _nbg(c).get("grade_id") not in locked_ids:
            new_cells.append(c)
        pos += 1
    if restored:
        problems.append(msg(f"Locked cell(s) {', '.join(restored)} were missing and have been restored from the "
                            "released notebook.",
                            f"ロックされたセル {', '.join(restored)} が削除されていたため、配布版から復元しました。"))
    if edited:
        problems.append(msg(f"Locked cell(s) {', '.join(edited)} were edited; the released version is used for grading.",
                            f"ロックされたセル {', '.join(edited)} が編集されていたため、配布版の内容で採点します。"))
    nb.cells = new_cells

    run_cells: dict[int, str] = {}
    total = 0
    for i, cell in enumerate(nb.cells):
        if cell.get("cell_type") != "code":
            continue
        meta = _nbg(cell)
        tags = cell.get("metadata", {}).get("tags", []) or []
        if meta.get("grade") and not meta.get("solution"):
            continue
        if SKIP_TAG in tags and meta.get("locked"):
            continue
        src = cell.get("source", "")
        total += len(src)
        run_cells[i] = src
    if total > MAX_CODE_CHARS:
        raise NotebookError(msg(f"The notebook holds {total} characters of code; the limit is {MAX_CODE_CHARS}.",
                                f"ノートブックのコードが {total} 文字あり、上限 {MAX_CODE_CHARS} 文字を超えています。"))
    exercises = [Exercise(_nbg(c)["grade_id"], float(_nbg(c).get("points", 0)))
                 for c in release.cells if _nbg(c).get("grade")]
    return Submission(assignment, release_path.name, nb, run_cells, exercises, problems)


def load_submission(path: Path, assignment: Optional[str] = None, root: Path = REPO_ROOT) -> Submission:
    """Read, validate and prepare ``path`` for grading (raises NotebookError)."""
    nb, problems = read_notebook(path)
    if assignment is None:
        assignment = infer_assignment(nb, path, root)
        if assignment is None:
            raise NotebookError(msg(
                f"Cannot tell which assignment {path.name} belongs to; pass --assignment (one of "
                f"{', '.join(known_assignments(root))}).",
                f"{path.name} がどの課題か判別できません。--assignment を指定してください（"
                f"{', '.join(known_assignments(root))} のいずれか）。"))
    elif assignment not in known_assignments(root):
        raise NotebookError(msg(f"Unknown assignment {assignment!r}; use one of {', '.join(known_assignments(root))}.",
                                f"課題 {assignment!r} はありません。{', '.join(known_assignments(root))} のいずれかを"
                                "指定してください。"))
    return prepare(nb, assignment, path.name, problems, root)
