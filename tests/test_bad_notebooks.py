"""Bad notebooks and hostile wire traffic get a clear answer, never a crash (fast: no worker).

The notebooks that need a worker to show "0 for the broken exercise, the rest
graded" (loops, bombs, exits, bad outputs) are in the adversarial corpus
(tests/test_adversarial.py); here: file-level defects, locked-cell restoration,
the wire protocol's refusals and the strict level's availability messages.
"""
from __future__ import annotations

import json
import os
import struct
import sys
import time
from pathlib import Path

import nbformat
import pytest
import torch

from genmodels_lab.runtime import wire
from autograder.engine import grade_path
from autograder.runconfig import RunConfig

BASIC_EN = RunConfig(isolation="basic", lang="en")
from autograder.notebook import load_submission

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
import make_corpus  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
BAD = make_corpus.HERE / "bad_files"
AUTOGRADER = str(Path(sys.executable).with_name("autograder"))


@pytest.mark.parametrize("name, fragment", [
    ("empty", "is empty"),
    ("invalid_json", "not valid JSON (line"),
    ("non_utf8", "not valid UTF-8 (byte"),
    ("not_a_notebook", "not a Jupyter notebook"),
])
def test_unreadable_file_is_a_zero_with_the_reason(name, fragment):
    report = grade_path(BAD / f"{name}.ipynb", BASIC_EN, assignment="ch2_vae")
    assert report.grader_error is not None and fragment in report.grader_error.en
    assert report.grader_error.ja and report.grader_error.ja != report.grader_error.en
    assert report.score == 0


def test_huge_notebook_is_refused_with_the_limit(tmp_path):
    path = make_corpus.huge_notebook(tmp_path / "vae.ipynb")
    start = time.monotonic()
    report = grade_path(path, BASIC_EN, assignment="ch2_vae")
    assert "MiB; the limit is" in report.grader_error.en and "Clear Outputs" in report.grader_error.en
    assert report.score == 0 and time.monotonic() - start < 10


def test_cli_exit_code_for_an_unreadable_notebook(tmp_path):
    out = tmp_path / "r.json"
    proc = __import__("subprocess").run([AUTOGRADER, "grade", str(BAD / "invalid_json.ipynb"), "--assignment",
                                         "ch2_vae", "--json", str(out), "--lang", "en"],
                                        capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr and "not valid JSON" in proc.stdout + proc.stderr


def _honest_cells() -> dict[int, str]:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"honest-{os.getpid()}.ipynb"
    nbformat.write(make_corpus.honest_notebook(), path)
    try:
        return load_submission(path, "ch2_vae").run_cells
    finally:
        path.unlink()


def _built(name: str, tmp_path: Path) -> Path:
    """The corpus notebook ``name`` as generated from today's release/source notebooks."""
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(make_corpus.build(next(a for a in make_corpus.ATTACKS if a.name == name)), path)
    return path


def test_nbformat3_is_upgraded_and_runs_the_same_cells(tmp_path):
    path = tmp_path / "vae.ipynb"
    path.write_bytes(make_corpus.bad_files()["nbformat3.ipynb"])
    sub = load_submission(path, "ch2_vae")
    assert any("nbformat 3" in p.en for p in sub.problems)
    assert list(sub.run_cells.values()) == list(_honest_cells().values())


@pytest.mark.parametrize("name, fragment", [
    ("locked_cells_edited", "were edited"),
    ("locked_cells_deleted", "restored from the released notebook"),
])
def test_locked_cells_are_restored_from_the_release(name, fragment, tmp_path):
    sub = load_submission(_built(name, tmp_path), "ch2_vae")
    assert any(fragment in p.en for p in sub.problems), [p.en for p in sub.problems]
    assert list(sub.run_cells.values()) == list(_honest_cells().values())


def test_duplicate_grade_ids_are_reported_and_the_last_definition_wins(tmp_path):
    sub = load_submission(_built("duplicate_grade_ids", tmp_path), "ch2_vae")
    assert any("Duplicate grade_id" in p.en for p in sub.problems)
    sources = list(sub.run_cells.values())
    last_interp = [s for s in sources if "def interpolate_latents" in s][-1]
    assert last_interp.strip() == make_corpus.ZEROS.strip()
    assert sum("with sanity_check(\"gaussian_kl\")" in s for s in sources) == 0  # grade cells never run


# -- the wire: what the trusted side refuses ---------------------------------------------------
def test_oversized_frame_is_refused_before_reading_it():
    r, w = os.pipe()
    os.write(w, struct.pack("<QI", wire.MAX_FRAME + 1, 10))
    with pytest.raises(wire.ProtocolError, match="exceeds the limit"):
        wire.read_frame(r, time.monotonic() + 5)
    os.close(r)
    os.close(w)


def test_write_frame_gives_up_when_the_reader_stops_reading():
    r, w = os.pipe()
    start = time.monotonic()
    with pytest.raises(TimeoutError):
        wire.write_frame(w, b"x" * (4 << 20), timeout=0.5)
    assert time.monotonic() - start < 5
    assert os.get_blocking(w)
    os.close(r)
    os.close(w)


@pytest.mark.parametrize("tree, tensors, match", [
    ({"__t__": "t0"}, {"t0": torch.zeros(2, dtype=torch.complex64)}, "not accepted"),
    ({"__t__": "nope"}, {}, "missing tensor"),
    ({"__ref__": "anything"}, {}, "only handles"),
    ({"__f__": "__import__('os')"}, {}, "bad special float"),
    ({"__dict__": [[1, 2]]}, {}, "bad dict"),
    ({"__pickle__": "gASV"}, {}, "unexpected value"),
])
def test_decode_accepts_only_plain_data(tree, tensors, match):
    with pytest.raises(wire.ProtocolError, match=match):
        wire.decode(tree, tensors, trusted=True)


def test_decode_refuses_deep_nesting():
    tree: list = []
    for _ in range(wire.MAX_DEPTH + 5):
        tree = [tree]
    with pytest.raises(wire.ProtocolError, match="nested too deeply"):
        wire.decode(tree, {}, trusted=True)


def test_unpack_refuses_garbage_blob_and_header():
    with pytest.raises(wire.ProtocolError):
        wire.unpack(b"{}" + b"\x80\x04\x95pickle-ish", 2)
    with pytest.raises(wire.ProtocolError):
        wire.unpack(b"\xff\xfe", 2)
    with pytest.raises(wire.ProtocolError):
        wire.unpack(json.dumps([1]).encode(), 3)


def test_tensor_subclass_is_sent_as_a_plain_tensor():
    class Liar(torch.Tensor):
        def __eq__(self, other):
            return True

    tree, tensors = wire.encode(torch.zeros(3).as_subclass(Liar))
    header, back = wire.unpack(wire.pack({"v": tree}, tensors)[12:], len(json.dumps({"v": tree}).encode()))
    value = wire.decode(header["v"], back, trusted=True)
    assert type(value) is torch.Tensor and not bool((value == 1).any())


# -- the strict level says what is missing ------------------------------------------------------
def test_strict_refuses_without_root_and_says_why(monkeypatch):
    from autograder.sandbox.strict import StrictUnavailable, probe

    monkeypatch.setattr(probe, "_INFO", None)
    monkeypatch.setattr(probe.os, "geteuid", lambda: 1000)
    with pytest.raises(StrictUnavailable, match="root"):
        probe.check_available()


def test_strict_refuses_without_bubblewrap_and_says_how_to_get_it(monkeypatch):
    from autograder.sandbox.strict import StrictUnavailable, probe

    monkeypatch.setattr(probe, "_INFO", None)
    monkeypatch.setattr(probe.os, "geteuid", lambda: 0)
    monkeypatch.setattr(probe, "_find", lambda name, *a: None if name == "bwrap" else "/usr/sbin/" + name)
    with pytest.raises(StrictUnavailable, match="apt-get install -y bubblewrap"):
        probe.check_available()


def test_strict_mount_plan_covers_the_hidden_material(tmp_path):
    from autograder.sandbox import strict

    course = tmp_path / "course"
    (course / "submitted").mkdir(parents=True)
    plan = strict.mount_plan(hidden=(str(course),), workdir=str(tmp_path))
    masked = [op[1] for op in plan if op[0] == "mask"]
    bound = [op[1] for op in plan if op[0] == "bind"]
    top = "/" + str(REPO).strip("/").split("/")[0]
    assert top in masked  # the repository's top-level folder is covered ...
    # ... and of our code only the public package is bound back (an allow-list): never the grader
    assert str(REPO / "student" / "genmodels_lab") in bound
    assert not any(b == str(REPO) or b.startswith((str(REPO / "autograder"), str(REPO / "solutions"))) for b in bound)
    assert "/tmp" in masked and "/home" in masked or not os.path.isdir("/home")


def test_cli_strict_refusal_is_an_error_not_a_crash(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: strict may be available here")
    proc = __import__("subprocess").run([AUTOGRADER, "grade", str(BAD / "empty.ipynb"), "--isolation", "strict"],
                                        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "strict is not available here" in proc.stderr and "root" in proc.stderr
