"""The real ``autograder`` CLI: exit codes, tables, Gradescope JSON."""
from __future__ import annotations

import json

from conftest import REPO, run_cli


def test_grade_source_notebook_full_marks_and_gradescope_json(tmp_path):
    out = tmp_path / "results.json"
    proc = run_cli("grade", "source/ch2_vae/vae.ipynb", "--json", str(out), "--lang", "en", "--device", "cpu")
    assert proc.returncode == 0, proc.stderr
    assert "Total: 29 / 29" in proc.stdout
    data = json.loads(out.read_text())
    assert data["score"] == 29
    assert {"score", "execution_time", "tests"} <= set(data)
    for t in data["tests"]:
        assert {"name", "score", "max_score", "status", "output", "visibility"} <= set(t)
        assert t["status"] == "passed" and t["score"] == t["max_score"]


def test_grade_released_stubs_zero_without_crash(tmp_path):
    out = tmp_path / "report.json"
    proc = run_cli("grade", "release/ch2_vae/vae.ipynb", "--report", str(out), "--lang", "ja")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(out.read_text())
    assert report["status"] == "graded"
    assert sum(e["score"] for e in report["exercises"]) == 0
    assert sum(e["max_score"] for e in report["exercises"]) == 29
    # stubs collapse to one line per exercise, under one summary line (not one row per hidden test)
    assert "⏳ 未実装の課題が 7 個あります（計 29 点）" in proc.stdout, proc.stdout
    assert proc.stdout.count("まだ実装されていません") == 7 and "NotImplementedError" not in proc.stdout


def test_unreadable_notebook_is_a_zero_with_reason_not_a_crash(tmp_path):
    bad = tmp_path / "ch2_vae" / "vae.ipynb"
    bad.parent.mkdir()
    bad.write_text('{"cells": [', encoding="utf-8")
    out = tmp_path / "r.json"
    proc = run_cli("grade", str(bad), "--json", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(out.read_text())
    assert data["score"] == 0
    assert "not valid JSON" in data["output"]


def test_usage_errors_exit_2(tmp_path):
    assert run_cli().returncode == 2
    assert run_cli("grade").returncode == 2
    assert run_cli("grade", str(tmp_path / "missing.ipynb")).returncode == 2
    proc = run_cli("grade", "source/ch2_vae/vae.ipynb", "--device", "tpu")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr
    proc = run_cli("grade", "source/ch2_vae/vae.ipynb", "--assignment", "ch9_nope")
    assert proc.returncode == 2 and "unknown assignment 'ch9_nope'" in proc.stderr


def test_cuda_requested_without_gpu_is_a_usage_error():
    import torch

    if torch.cuda.is_available():
        return
    proc = run_cli("grade", "source/ch2_vae/vae.ipynb", "--device", "cuda")
    assert proc.returncode == 2 and "no CUDA GPU" in proc.stderr


# -- usage that never surprises (issue 15, item 4) ------------------------------------------------
def test_batch_usage_errors_name_what_is_wrong(tmp_path):
    proc = run_cli("batch", "ch9_foo", "--course", str(tmp_path))
    assert proc.returncode == 2 and "unknown assignment 'ch9_foo'" in proc.stderr and "ch2_vae" in proc.stderr
    proc = run_cli("batch", "ch2_vae", "--course", str(tmp_path / "nonexistent"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "nonexistent" in proc.stderr
    proc = run_cli("batch", "ch2_vae", "--course", str(tmp_path))
    assert proc.returncode == 2 and "no submissions found" in proc.stderr


def test_invalid_json_in_a_batch_is_a_graded_zero_with_its_reason(tmp_path):
    import csv
    import os
    import stat

    d = tmp_path / "submitted" / "mallory" / "ch2_vae"
    d.mkdir(parents=True)
    (d / "vae.ipynb").write_text('{"cells": [', encoding="utf-8")
    old = os.umask(0o022)
    try:
        proc = run_cli("batch", "ch2_vae", "--course", str(tmp_path), "--isolation", "basic", "--workers", "1",
                       "--lang", "en")
    finally:
        os.umask(old)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = tmp_path / "autograder_results" / "ch2_vae"
    row = next(csv.DictReader((out / "grades.csv").open(encoding="utf-8")))
    assert (row["student"], float(row["score"]), float(row["max_score"])) == ("mallory", 0.0, 29.0)
    assert "not valid JSON" in row["error"]
    assert "mallory" in proc.stdout and "JSON" in proc.stdout and "not a notebook 1" in proc.stdout
    # results are readable by a web server or an LMS upload (the umask's 0644), not mkstemp's 0600
    for f in [out / "grades.csv", out / "summary.html", out / "summary.json", out / "mallory" / "vae.results.json",
              out / "mallory" / "vae.html"]:
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, (f, oct(f.stat().st_mode))


def test_written_files_follow_the_umask(tmp_path):
    import os
    import stat

    from autograder.results import write_atomic

    for mask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            write_atomic(tmp_path / f"f{mask}.txt", "x")
        finally:
            os.umask(old)
        assert stat.S_IMODE((tmp_path / f"f{mask}.txt").stat().st_mode) == mode


def test_demo_refuses_a_folder_it_did_not_make(tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("precious", encoding="utf-8")
    proc = run_cli("demo", "--out", str(mine))
    assert proc.returncode == 2 and "not empty" in proc.stderr and "--force" in proc.stderr
    assert (mine / "chapter1.tex").read_text(encoding="utf-8") == "precious"
    from autograder.demo import DEMO_MARKER, out_dir_refusal

    assert out_dir_refusal(tmp_path / "new", force=False) == ""
    assert out_dir_refusal(mine, force=True) == ""
    (mine / DEMO_MARKER).write_text("", encoding="utf-8")
    assert out_dir_refusal(mine, force=False) == ""  # a folder the demo made is rebuilt


def test_help_describes_every_argument_lists_assignments_and_examples():
    import argparse

    from autograder.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, p in sub.choices.items():
        for action in p._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, f"autograder {name}: {action.dest} has no help text"
        proc = run_cli(name, "--help")
        assert proc.returncode == 0 and "examples:" in proc.stdout and "ch4_diffusion" in proc.stdout, (name, proc.stdout)
    assert "examples:" in run_cli("--help").stdout


def test_unwritable_output_path_is_refused_before_grading(tmp_path):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro").chmod(0o500)
    try:
        for flag, path in (("--json", "/proc/nope/x.json"), ("--html", str(tmp_path)),
                           ("--report", str(tmp_path / "ro" / "sub" / "r.json"))):
            if path.startswith(str(tmp_path / "ro")) and __import__("os").geteuid() == 0:
                continue  # root may write anywhere: nothing to refuse (and grading it would only cost time)
            proc = run_cli("grade", "source/ch2_vae/vae.ipynb", flag, path, "--lang", "en", timeout=60)
            assert proc.returncode == 2, (flag, proc.stdout[-500:], proc.stderr[-1000:])
            assert "Traceback" not in proc.stderr and path in proc.stderr and proc.stdout == ""
    finally:
        (tmp_path / "ro").chmod(0o700)


def test_unreadable_notebook_of_unknown_assignment_prints_the_reason_not_an_empty_table(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    proc = run_cli("grade", str(bad), "--lang", "en", timeout=120)
    assert proc.returncode == 0 and "not valid JSON" in proc.stdout
    assert "? / bad.ipynb" not in proc.stdout and "0 / 0" not in proc.stdout
