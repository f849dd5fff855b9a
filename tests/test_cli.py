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
