"""What a student reads, through the real interfaces (issue 14, items 3 and 4).

- every hidden test has a short description in both languages, shown instead of its id in the
  terminal table, results.json (Gradescope ``name``), the HTML page and nbgrader's feedback; the id
  stays in instructor-only fields (our report JSON, Gradescope ``extra_data``);
- tolerances read as "N significant digits"; the raw rtol/atol are in the instructor report;
- stub exercises collapse to one line each, with one "⏳ N exercises not implemented yet" line;
- a cell that fails to run is shown first, numbered as JupyterLab numbers it, with its first line;
- the student's saved plots appear in the HTML page, checked PNGs only;
- dependent visible checks name the earlier exercise that is still a stub (all five chapters);
- the setup cells display nothing (no ``<torch._C.Generator at 0x…>``);
- ``autograder grade`` on a missing file answers before importing torch, in the chosen language.
"""
from __future__ import annotations

import ast
import base64
import contextlib
import io
import json
import re
import subprocess
import sys
import zlib
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, run_cli

SUITES = sorted((REPO / "autograder/suites").glob("ch*/test_*.py"))
CHAPTERS = sorted(p.name for p in (REPO / "release").iterdir() if p.is_dir())


# -- descriptions --------------------------------------------------------------------------
def _tests(path: Path):
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
            yield node


def _describe(node) -> tuple | None:
    for d in node.decorator_list:
        if isinstance(d, ast.Call) and ast.unparse(d.func) == "pytest.mark.describe":
            return tuple(ast.literal_eval(a) for a in d.args)
    return None


@pytest.mark.parametrize("path", SUITES, ids=[f"{p.parent.name}/{p.stem}" for p in SUITES])
def test_every_hidden_test_has_a_description_in_both_languages(path):
    for node in _tests(path):
        desc = _describe(node)
        assert desc is not None and len(desc) == 2, f"{path.name}::{node.name} has no @pytest.mark.describe(en, ja)"
        en, ja = desc
        assert en.strip() and ja.strip(), (node.name, desc)
        assert not en.startswith("test_") and not ja.startswith("test_") and " " in en.strip(), \
            f"{node.name}: a description is a phrase in the course's words, not an identifier: {desc}"
        assert len(en) <= 90 and len(ja) <= 60, (node.name, desc)


def test_parametrized_description_names_the_case():
    from autograder.plugin import describe_item

    class Item:
        callspec = type("C", (), {"params": {"n": 20, "dtype": __import__("torch").float64}})()

        def get_closest_marker(self, name):
            return type("M", (), {"args": ("IS mean", "IS の平均")})() if name == "describe" else None

    assert describe_item(Item()).en == "IS mean (n=20, dtype=float64)"
    assert describe_item(Item()).ja == "IS の平均（n=20, dtype=float64）"


def test_significant_digits():
    from autograder.tolerances import significant_digits

    assert [significant_digits(r) for r in (1e-7, 1e-4, 3e-4, 1e-2, 2e-2, 0.0)] == [7, 4, 3, 2, 1, 0]


# -- one partly done ch4 notebook, graded through the CLI -------------------------------------
def _png(width: int = 2, height: int = 2) -> bytes:
    """A tiny valid PNG (stdlib only)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _partly_done_ch4(dest: Path) -> Path:
    """ch4 with beta_schedule and gmm_score still stubs, a SyntaxError in the cross_attention cell,
    a wrong q_sample (noise counted twice), and saved demo outputs: one real PNG, one fake PNG
    that is HTML, and one SVG with a script."""
    src = nbformat.read(REPO / "source/ch4_diffusion/diffusion.ipynb", as_version=4)
    rel = nbformat.read(REPO / "release/ch4_diffusion/diffusion.ipynb", as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in src.cells}
    demos = 0
    for cell in rel.cells:
        meta = cell.metadata.get("nbgrader", {})
        gid = meta.get("grade_id")
        if meta.get("solution") and gid not in ("beta_schedule_code", "gmm_score_code"):
            cell.source = by_id[gid].source
        if gid == "cross_attention_code":
            cell.source = cell.source.replace("\n    return ", "\n    return return ", 1)
        if gid == "dsm_loss_code":  # raises inside the function: the call's traceback names the cell
            cell.source = by_id[gid].source.replace("\n    return ", "\n    1 / 0\n    return ", 1)
        if gid == "q_sample_code":
            cell.source = cell.source.replace("noise", "2 * noise").replace("2 * noise: torch.Tensor", "noise: torch.Tensor")
        if "autograder:skip" in cell.metadata.get("tags", []):
            demos += 1
            if demos == 1:
                cell.outputs = [nbformat.v4.new_output("display_data", data={
                    "image/png": base64.b64encode(_png()).decode(), "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("display_data", data={
                        "image/png": base64.b64encode(b"<script>alert(1)</script>").decode()}),
                    nbformat.v4.new_output("display_data", data={
                        "image/svg+xml": "<svg onload='alert(1)'></svg>"})]
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "diffusion.ipynb"
    nbformat.write(rel, path)
    return path


@pytest.fixture(scope="module")
def ch4(tmp_path_factory):
    out = tmp_path_factory.mktemp("ch4")
    nb = _partly_done_ch4(out)
    proc = run_cli("grade", str(nb), "--json", str(out / "results.json"), "--report", str(out / "report.json"),
                   "--html", str(out / "feedback.html"), timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    code_cells = [c for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code"]
    numbers = {c.metadata.get("nbgrader", {}).get("grade_id"): k + 1 for k, c in enumerate(code_cells)}
    number = numbers["cross_attention_code"]
    return {"stdout": proc.stdout, "results": json.loads((out / "results.json").read_text(encoding="utf-8")),
            "report": json.loads((out / "report.json").read_text(encoding="utf-8")),
            "html": (out / "feedback.html").read_text(encoding="utf-8"), "cell_number": number,
            "numbers": numbers}


def test_table_shows_descriptions_not_test_ids(ch4):
    out = ch4["stdout"]
    assert "test_" not in out, out
    assert "いろいろな形状と dtype" in out  # q_sample's first test, by its description
    assert "grad_of" not in out


def test_stubs_collapse_to_one_line_each(ch4):
    out = ch4["stdout"]
    assert "⏳ 未実装の課題が 2 個あります（計 5 点）: beta_schedule, gmm_score" in out, out
    assert out.count("まだ実装されていません") == 2  # one row per stub exercise, not one per hidden test
    assert "NotImplementedError" not in out
    report = ch4["report"]
    stub_tests = [t for e in report["exercises"] if e["grade_id"] in ("beta_schedule", "gmm_score") for t in e["tests"]]
    assert stub_tests and {t["kind"] for t in stub_tests} == {"not_implemented"}  # a stub is not an exception


def test_failed_cell_shown_first_with_jupyterlab_number_and_first_line(ch4):
    out, n = ch4["stdout"], ch4["cell_number"]
    headline = f"✘ セル [{n}] `def cross_attention("
    assert headline in out, out[:2000]
    assert out.index(headline) < out.index("ch4_diffusion / diffusion.ipynb")  # before the table
    assert "SyntaxError" in out.split("\n", 3)[0] + out.split("\n", 3)[1]
    # the tests that found cross_attention missing point to that cell
    cross = next(e for e in ch4["report"]["exercises"] if e["grade_id"] == "cross_attention")
    assert all(f"[{n}]" in t["message"]["en"] and "did not run" in t["message"]["en"] for t in cross["tests"])
    html = ch4["html"]
    assert html.index(f"セル [{n}]") < html.index('<h2 id="beta_schedule"')


def test_tracebacks_of_calls_name_the_cell_as_jupyterlab_numbers_it(ch4):
    dsm = next(e for e in ch4["report"]["exercises"] if e["grade_id"] == "dsm_loss")
    n = ch4["numbers"]["dsm_loss_code"]
    texts = [t["message"]["en"] for t in dsm["tests"] if t["message"]]
    assert texts and all("ZeroDivisionError" in x and f"<cell [{n}]>" in x for x in texts), texts
    assert not re.search(r"<cell \d+>", json.dumps(ch4["report"]))  # no internal cell index anywhere


def test_tolerance_reads_as_significant_digits_and_raw_values_stay_for_instructors(ch4):
    q = next(e for e in ch4["report"]["exercises"] if e["grade_id"] == "q_sample")
    failed = [t for t in q["tests"] if t["status"] != "passed"]
    assert failed, q
    for t in failed:
        assert "rtol" not in t["message"]["ja"] and "rtol" not in t["message"]["en"]
        assert re.search(r"有効数字 \d 桁", t["message"]["ja"]) and "significant digits" in t["message"]["en"]
        assert t["detail"]["rtol"] > 0 and "atol" in t["detail"]  # instructor report
    assert "rtol" not in ch4["stdout"] and "rtol" not in ch4["html"]


def test_results_json_names_are_descriptions_and_ids_are_extra_data(ch4):
    tests = ch4["results"]["tests"]
    assert tests and all("test_" not in t["name"] for t in tests)
    assert all(t["extra_data"]["test_id"].startswith("test_") for t in tests)
    assert any(t["name"] == "q_sample: いろいろな形状と dtype" for t in tests)
    ids = {t["name"] for e in ch4["report"]["exercises"] for t in e["tests"]}
    assert "test_shapes_and_dtypes" in ids  # the report JSON keeps the internal id


def test_html_shows_descriptions_and_only_checked_png_plots(ch4):
    html = ch4["html"]
    assert "test_shapes_and_dtypes" not in html and "いろいろな形状と dtype" in html
    assert html.count("data:image/png;base64,") >= 2  # the score chart and the student's one real plot
    assert base64.b64encode(_png()).decode() in html
    assert base64.b64encode(b"<script>alert(1)</script>").decode() not in html  # not a PNG: dropped
    assert "svg onload" not in html and "image/svg+xml;base64,PHN2ZyBvbmxvYWQ" not in html
    assert len(ch4["report"]["figures"]) == 1


# -- the saved-figure filter, on hostile outputs ------------------------------------------------
def test_saved_figures_keep_only_bounded_real_pngs():
    from autograder.results import MAX_FIGURE_BYTES, MAX_FIGURES, saved_figures

    good = base64.b64encode(_png()).decode()
    big = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * MAX_FIGURE_BYTES).decode()
    cell = nbformat.v4.new_code_cell("plot()")
    cell.outputs = ([nbformat.v4.new_output("display_data", data={"image/png": good})] * (MAX_FIGURES + 3) +
                    [nbformat.v4.new_output("display_data", data={"image/png": big}),
                     nbformat.v4.new_output("display_data", data={"image/png": "not base64 !!"}),
                     {"output_type": "display_data", "metadata": {}, "data": {"image/png": ["iVBOR", 7]}}])
    nb = {"cells": [{"cell_type": "markdown", "source": "x", "metadata": {}}, cell]}  # unvalidated, as submitted
    figs = saved_figures(nb, lambda c: True)
    assert len(figs) == MAX_FIGURES and all(f == {"number": 1, "png": good} for f in figs)
    cell.outputs = cell.outputs[MAX_FIGURES + 3:]
    assert saved_figures(nb, lambda c: True) == ()
    assert saved_figures(nb, lambda c: False) == ()


# -- dependent visible checks name the upstream, in every chapter ---------------------------------
def _cells(path: Path) -> list:
    return nbformat.read(path, as_version=4).cells


def _dependent_checks():
    for chapter in CHAPTERS:
        rel = _cells(next((REPO / "release" / chapter).glob("*.ipynb")))
        for i, cell in enumerate(rel):
            m = re.search(r'sanity_check\("([^"]+)", requires=(\([^)]*\))\)', cell.source if cell.cell_type == "code" else "")
            if m:
                yield chapter, i, m.group(1), ast.literal_eval(m.group(2))


DEPENDENT = list(_dependent_checks())


def test_every_chapter_has_dependent_checks_with_requires():
    assert {c for c, *_ in DEPENDENT} == set(CHAPTERS)
    assert len(DEPENDENT) >= 20, DEPENDENT


def _run_check(chapter: str, check_index: int, stub_ids: set) -> str:
    """Execute the release notebook's setup, the reference solutions (the released stubs for the
    solution cells in ``stub_ids``) and then the check cell at ``check_index``; its stderr."""
    rel = _cells(next((REPO / "release" / chapter).glob("*.ipynb")))
    src = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in _cells(next((REPO / "source" / chapter).glob("*.ipynb")))}
    ns: dict = {"__name__": "__main__"}
    err = io.StringIO()
    demos = [i for i, c in enumerate(rel[:check_index]) if "autograder:skip" in c.metadata.get("tags", [])]
    needed, wanted = set(), _used(rel[check_index].source)
    for i in reversed(demos):  # the demo cells whose variables the check uses (a trained `vae`), and theirs
        if _assigned(rel[i].source) & wanted:
            needed.add(i)
            wanted |= _used(rel[i].source)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for i, cell in enumerate(rel[:check_index]):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("grade") or (i in demos and i not in needed):
                continue
            code = cell.source if meta.get("grade_id") in stub_ids or not meta.get("solution") else src[meta["grade_id"]].source
            exec(compile(code, f"<{chapter} cell {cell.metadata.get('nbgrader', {}).get('grade_id')}>", "exec"), ns)
        with contextlib.redirect_stderr(err):
            exec(compile(rel[check_index].source, f"<{chapter} check>", "exec"), ns)
    return err.getvalue()


def _used(code: str) -> set:
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _assigned(code: str) -> set:
    return {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _defining_cell(chapter: str, name: str) -> tuple[str, list]:
    rel = _cells(next((REPO / "release" / chapter).glob("*.ipynb")))
    for cell in rel:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            names = re.findall(r"^(?:def|class)\s+(\w+)", cell.source, flags=re.M)
            if name in names:
                return cell.metadata["nbgrader"]["grade_id"], names
    raise AssertionError(f"{name} is defined in no solution cell of {chapter}")


@pytest.mark.parametrize("chapter,index,check,requires", DEPENDENT,
                         ids=[f"{c}-{k}-{i}" for c, i, k, _ in DEPENDENT])
def test_dependent_check_names_the_unimplemented_upstream(chapter, index, check, requires):
    cell_id, names = _defining_cell(chapter, requires[0])
    err = _run_check(chapter, index, {cell_id})
    m = re.search(rf"⏳ {re.escape(check)}: 先に (\w+) を実装してください / implement (\w+) first "
                  rf"\(この確認で使います / this check uses it\)", err)
    assert m, f"{check} with {cell_id} still the stub printed: {err!r}"
    assert m.group(1) == m.group(2) and m.group(1) in names
    assert "まだ実装されていません" not in err  # it does not blame this exercise


def test_check_blames_itself_when_its_own_code_is_the_stub():
    from genmodels_lab import sanity_check

    def beta_schedule():
        raise NotImplementedError()

    def q_sample():
        raise NotImplementedError()

    for fn, expect in ((q_sample, "⏳ q_sample: まだ実装されていません"),
                       (beta_schedule, "⏳ q_sample: 先に beta_schedule を実装してください / implement beta_schedule first")):
        err = io.StringIO()
        with sanity_check("q_sample", requires=("beta_schedule",), fail_stream=err):
            fn()
        assert err.getvalue().startswith(expect), err.getvalue()
    err = io.StringIO()
    with sanity_check("q_sample", requires=("beta_schedule",), fail_stream=err):
        assert False, "t = 0 の値が違います"
    assert "❌ q_sample" in err.getvalue() and "this check also uses beta_schedule" in err.getvalue()
    err = io.StringIO()
    with sanity_check("q_sample", fail_stream=err):
        undefined_name_of_a_cell_that_failed  # noqa: B018, F821
    assert "NameError" in err.getvalue() and "run the cell that defines it again" in err.getvalue()


# -- the notebook's own cells display nothing they should not --------------------------------------
def test_builder_refuses_a_locked_cell_that_displays_a_value():
    from autograder.authoring import NotebookBuilder

    nb = NotebookBuilder("ch9_test")
    with pytest.raises(ValueError, match="displays"):
        nb.setup("setup", "import torch\ntorch.manual_seed(0)")
    nb.setup("setup2", "import torch\n_ = torch.manual_seed(0)\nprint('ok')")


def test_setup_cells_display_no_generator_in_a_kernel(tmp_path):
    """The real interface: the setup cell of every chapter run in a Jupyter kernel (nbclient)."""
    from nbclient import NotebookClient

    cells = []
    for chapter in CHAPTERS:
        rel = _cells(next((REPO / "release" / chapter).glob("*.ipynb")))
        cells.append(next(c for c in rel if c.metadata.get("nbgrader", {}).get("grade_id") == "setup"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source) for c in cells])
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    shown = [o for c in nb.cells for o in c.outputs]
    assert not shown, shown


# -- the CLI answers a typo at once ------------------------------------------------------------
@pytest.mark.parametrize("lang,expect", [("ja", "がありません"), ("en", "does not exist")])
def test_grade_missing_file_answers_before_importing_torch(lang, expect, tmp_path):
    code = ("import sys; from autograder.cli import main; rc = main(['grade', 'no_such.ipynb', '--lang', "
            f"'{lang}']); print(rc, 'torch' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.stdout.split() == ["2", "False"], proc
    assert expect in proc.stderr and "no_such.ipynb" in proc.stderr
    proc = subprocess.run([sys.executable, "-c", code.replace("no_such.ipynb", str(tmp_path))], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert proc.stdout.split() == ["2", "False"] and ("フォルダ" in proc.stderr or "folder" in proc.stderr)
