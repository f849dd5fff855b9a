"""Strict isolation at warm-pool speed (issue 20): a template per slot inside the sandbox, each
submission a child with namespaces of its own, no capabilities, no_new_privs and seccomp.

Needs root and bubblewrap (``strict`` marker); skipped where strict isolation is unavailable.
"""
from __future__ import annotations

import json
import os
import platform
import time

import pytest

from autograder.proxy import Worker
from autograder.runconfig import RunConfig
from autograder.sandbox import Limits, warm
from autograder.sandbox.strict import slots, templates

pytestmark = pytest.mark.strict


@pytest.fixture(autouse=True)
def _needs_strict():
    from autograder.sandbox.strict import StrictUnavailable, check_available

    try:
        check_available()
    except StrictUnavailable as exc:
        pytest.skip(f"strict isolation unavailable: {exc}")


def _run(src: str):
    w = Worker({0: src}, RunConfig(isolation="strict"), assignment="ch2_vae")
    w.start()
    runs = w.run_cells([0])
    return w, runs[0]


PROBE = (
    "import os, sys, json, builtins\n"
    "st = {l.split(':')[0]: l.split(':', 1)[1].strip() for l in open('/proc/self/status') if ':' in l}\n"
    "def ls(p):\n"
    "    try:\n        return sorted(os.listdir(p))\n    except OSError:\n        return None\n"
    "print(json.dumps({'pid': os.getpid(), 'uid': os.getuid(), 'cwd': os.getcwd(),\n"
    "  'procs': [p for p in os.listdir('/proc') if p.isdigit()],\n"
    "  'caps': [st[k] for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb')],\n"
    "  'nnp': st['NoNewPrivs'], 'seccomp': st['Seccomp'], 'tmp': ls('/tmp'), 'work': ls('/tmp/work'),\n"
    "  'shm': ls('/dev/shm'), 'run': ls('/run'), 'env': sorted(os.environ),\n"
    "  'leak': hasattr(builtins, 'left_by_a'), 'torch_leak': hasattr(__import__('torch'), 'left_by_a'),\n"
    "  'mods': sorted(m for m in sys.modules if m.startswith(('solutions', 'autograder.suites', 'pytest')))}))\n")


def test_warm_strict_worker_is_forked_and_confined():
    before = warm.usage()["spawns"]
    w, run = _run(PROBE)
    try:
        assert isinstance(w.proc, warm.ZygoteProcess), "strict should fork from its warm template"
        assert run.status == "ok", run
        info = json.loads(run.stdout)
        assert info["pid"] == 2 and info["procs"] == ["1", "2"], \
            "the worker must be pid 2 of its own pid namespace, under an init that only reaps"
        assert info["uid"] != 0 and info["cwd"] == "/tmp/work"
        assert info["caps"] == ["0000000000000000"] * 5, f"capabilities left: {info['caps']}"
        assert info["nnp"] == "1" and info["seccomp"] == "2", "no_new_privs and a seccomp filter are required"
        assert info["mods"] == [], f"trusted modules in the worker: {info['mods']}"
    finally:
        w.close()
    assert warm.usage()["spawns"] == before + 1


X86_64 = {"keyctl": 250, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "io_uring_setup": 425,
          "kexec_load": 246, "init_module": 175, "setns": 308}

SECCOMP_PROBE = (
    "import ctypes, errno, json, os, socket, threading, subprocess\n"
    "libc = ctypes.CDLL(None, use_errno=True)\n"
    "out = {}\n"
    "def err(r):\n    return 0 if r == 0 else ctypes.get_errno()\n"
    "out['ptrace'] = err(libc.ptrace(0, 0, None, None))\n"
    "out['unshare_user'] = err(libc.unshare(0x10000000))\n"
    "out['unshare_net'] = err(libc.unshare(0x40000000))\n"
    "out['mount'] = err(libc.mount(b'none', b'/tmp/work', b'tmpfs', 0, None))\n"
    "for name, nr in NUMBERS.items():\n"
    "    out[name] = err(libc.syscall(nr, 0, 0, 0, 0, 0, 0))\n"
    "for fam in ('AF_INET', 'AF_INET6', 'AF_NETLINK', 'AF_PACKET'):\n"
    "    try:\n        socket.socket(getattr(socket, fam), socket.SOCK_DGRAM).close(); out[fam] = 0\n"
    "    except OSError as e:\n        out[fam] = e.errno\n"
    "a, b = socket.socketpair(); a.sendall(b'x'); out['unix_ok'] = b.recv(1) == b'x'\n"
    "t = threading.Thread(target=lambda: None); t.start(); t.join(); out['thread_ok'] = True\n"
    "out['subprocess_ok'] = subprocess.run(['/bin/true']).returncode == 0\n"
    "pid = os.fork()\n"
    "if pid == 0:\n    os._exit(7)\n"
    "out['fork_ok'] = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7\n"
    "print(json.dumps(out))\n")


@pytest.mark.skipif(platform.machine() != "x86_64", reason="syscall numbers are x86_64's")
def test_seccomp_refuses_what_issue_20_names_and_allows_the_rest():
    w, run = _run(SECCOMP_PROBE.replace("NUMBERS", repr(X86_64)))
    try:
        assert run.status == "ok", run
        out = json.loads(run.stdout)
    finally:
        w.close()
    import errno

    for name in ["ptrace", "unshare_user", "unshare_net", "mount", *X86_64]:
        assert out[name] == errno.EPERM, f"{name}: errno {out[name]} (expected EPERM from the filter)"
    for fam in ("AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET"):
        assert out[fam] == errno.EAFNOSUPPORT, f"socket({fam}) gave errno {out[fam]}"
    assert out["unix_ok"] and out["thread_ok"] and out["fork_ok"] and out["subprocess_ok"]


LEAVE_BEHIND = (
    "import os, builtins, subprocess, torch\n"
    "builtins.left_by_a = 1\ntorch.left_by_a = 1\nos.environ['LEFT_BY_A'] = '1'\n"
    "for p in ('/tmp/left_by_a', '/tmp/work/left_by_a', '/dev/shm/left_by_a', '/run/left_by_a'):\n"
    "    try:\n        open(p, 'w').write('secret')\n    except OSError:\n        pass\n"
    "subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
    "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        import time; time.sleep(300)\n    os._exit(0)\n")


def _nested(uid: int) -> list[int]:
    return [pid for pid, nspid in slots._procs(uid) if len(nspid) >= 3]


def test_nothing_one_submission_does_reaches_the_next():
    a, run_a = _run(LEAVE_BEHIND)
    template = a.sandbox._warm[0]
    uid = template.box.slot.uid
    assert run_a.status == "ok", run_a
    assert len(_nested(uid)) >= 3, "the probe should have left processes running"
    a.close()
    assert _nested(uid) == [], "processes started by a submission must die with it"
    b, run_b = _run(PROBE)
    try:
        assert b.sandbox._warm[0] is template, "the next submission should reuse the same warm template"
        info = json.loads(run_b.stdout)
        assert info["procs"] == ["1", "2"]
        # /tmp is a fresh tmpfs holding the work folder and, where the runtime itself lives under /tmp
        # (a checkout there, as in CI), the read-only mount points that bring it back
        from autograder.sandbox.strict import mounts

        runtime_tops = {p.split("/")[2] for p in mounts._runtime_paths() if p.startswith("/tmp/")}
        assert sorted(set(info["tmp"]) - runtime_tops) == ["work"] and info["work"] == []
        assert "left_by_a" not in info["tmp"]
        assert "left_by_a" not in (info["shm"] or []) and "left_by_a" not in (info["run"] or [])
        assert "LEFT_BY_A" not in info["env"]
        assert not info["leak"] and not info["torch_leak"]
    finally:
        b.close()


def test_a_killed_warm_worker_takes_everything_it_started():
    w, run = _run(LEAVE_BEHIND + "import time\ntime.sleep(0.1)\n")
    uid = w.sandbox._warm[0].box.slot.uid
    assert run.status == "ok"
    w.kill()
    deadline = time.monotonic() + 30
    while _nested(uid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _nested(uid) == []


def test_a_template_that_cannot_fork_is_a_grader_error_not_the_students(monkeypatch, tmp_path):
    """An infrastructure failure (the strict template cannot fork a confined worker) gives a
    grader_error for the submission, with no points taken and a message that says so."""
    from autograder.engine import grade_path
    from conftest import make_notebook

    nb = make_notebook(tmp_path / "sub", {})

    def broken(self, *a, **k):
        raise templates.TemplateFailed("seccomp filter could not be loaded (simulated)")

    monkeypatch.setattr(templates.StrictTemplate, "spawn", broken)
    report = grade_path(nb, RunConfig(isolation="strict", lang="en"))
    assert report.status == "grader_error"
    assert "not your code" in str(report.grader_error)


def test_a_submission_that_kills_itself_crashes_as_under_basic():
    """The worker is not its namespace's init (which the kernel shields from its own signals): a
    function that kills its process must crash in strict exactly as in basic.  (The first warm
    version ran the worker as pid 1: ``os.kill(os.getpid(), SIGKILL)`` did nothing and the
    bench's crash_in_call submission got 29/29 in strict, 21/29 in basic.)"""
    for sig in ("SIGKILL", "SIGTERM", "SIGSEGV"):
        w, run = _run(f"import os, signal\nos.kill(os.getpid(), signal.{sig})\nprint('survived')\n")
        try:
            assert run.status == "crashed" and sig in run.error["evalue"], (sig, run)
        finally:
            w.kill()


def test_the_worker_sees_only_the_public_runtime():
    """Item 5: of our code, the sandbox holds only ``genmodels_lab`` (an allow-list).  The grader's
    package, the hidden suites, the catalogue and the references are neither importable nor readable,
    wherever they are installed."""
    from autograder.sandbox.strict import secret_paths
    from conftest import REPO

    secrets = sorted({str(REPO / "autograder"), str(REPO / "autograder" / "suites"), str(REPO / "solutions"),
                      *secret_paths()})
    w, run = _run("import importlib.util, json, os\n"
                  "print(json.dumps({'spec': [importlib.util.find_spec(m) is not None for m in "
                  "('autograder', 'solutions', 'genmodels_lab.runtime.worker')],\n"
                  f"  'seen': [p for p in {secrets!r} if os.path.exists(p) and os.listdir(p)]}}))\n")
    try:
        assert run.status == "ok", run
        info = json.loads(run.stdout)
        assert info["spec"] == [False, False, True], info
        assert info["seen"] == [], f"secret folders visible in the sandbox: {info['seen']}"
    finally:
        w.close()


@pytest.mark.timeout(0)  # two batches; each grading has its own bound inside the batch
def test_strict_batch_grades_equal_basic_batch_grades(tmp_path):
    """Through the real CLI: the default strict batch gives exactly the basic batch's grades, per
    exercise, on a class made of the correct notebook, the stubs and ch2_vae's catalogue entries of
    the CI subset (one mistake and one valid variant per exercise, and every reported case)."""
    import csv
    import shutil
    import subprocess
    import sys

    from autograder import catalogue
    from autograder.validity import variant_notebook
    from conftest import REPO

    course = tmp_path / "course"
    subs = {"correct": REPO / "source" / "ch2_vae" / "vae.ipynb", "stub": REPO / "release" / "ch2_vae" / "vae.ipynb"}
    seen = set()
    for v in catalogue.load("ch2_vae"):
        if (v.exercise, v.kind) not in seen:
            seen.add((v.exercise, v.kind))
            subs[f"{v.kind}_{v.exercise}_{v.slug}"[:60]] = variant_notebook("ch2_vae", v, tmp_path / "variants")
    for student, nb in subs.items():
        d = course / "submitted" / student / "ch2_vae"
        d.mkdir(parents=True)
        shutil.copy(nb, d / "vae.ipynb")
    grades = {}
    for level in ("strict", "basic"):
        out = tmp_path / f"out_{level}"
        p = subprocess.run([sys.executable, "-m", "autograder.cli", "batch", "ch2_vae", "--course", str(course),
                            "--out", str(out), "--isolation", level, "--workers", "2", "--no-gradebook",
                            "--lang", "en", "--device", "cpu"], capture_output=True, text=True, cwd=REPO)
        assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
        with open(out / "grades.csv", encoding="utf-8") as f:
            grades[level] = sorted(tuple((k, v) for k, v in row.items() if k not in ("seconds", "time"))
                                   for row in csv.DictReader(f))
    assert len(grades["strict"]) == len(subs) >= 12
    assert grades["strict"] == grades["basic"]


def test_a_runtime_under_tmp_stays_readable_in_a_warm_child(monkeypatch, tmp_path_factory):
    """A course (or its venv) under /tmp: each warm child gets a fresh tmpfs on /tmp, which hid the
    runtime, so any module the template had not preloaded failed to import (torchvision,
    matplotlib's backend, sklearn's data files: an honest notebook lost points; found by a fresh user
    with a clone in /tmp).  Runtime paths under /tmp are bound back read-only."""
    import tempfile

    from autograder.sandbox.strict import mounts

    extra = tempfile.mkdtemp(prefix="autograder-runtime-", dir="/tmp")
    os.chmod(extra, 0o755)
    with open(os.path.join(extra, "lazy_runtime_module.py"), "w") as f:
        f.write("VALUE = 42\n")
    os.chmod(os.path.join(extra, "lazy_runtime_module.py"), 0o644)
    real = mounts._runtime_paths
    monkeypatch.setattr(mounts, "_runtime_paths", lambda: real() + [extra])
    try:
        w = Worker({0: f"import sys, os\nsys.path.insert(0, {extra!r})\nimport lazy_runtime_module\n"
                       f"print(lazy_runtime_module.VALUE, os.access({extra!r}, os.W_OK))\n"},
                   RunConfig(isolation="strict", limits=Limits(cell_seconds=59.5)), assignment="ch2_vae")
        w.start()
        run = w.run_cells([0])[0]
        w.close()
    finally:
        import shutil

        shutil.rmtree(extra, ignore_errors=True)
    assert run.status == "ok", run
    assert run.stdout.split() == ["42", "False"], run.stdout  # readable, and read-only


def test_a_hidden_folder_that_holds_the_runtime_does_not_hide_it():
    """Grading a notebook under the repository's source/ or release/ hides the repository root (its
    course folder); a warm child covered it whole, and every runtime module not preloaded by the
    template (here another chapter's harness) failed to import: the correct notebook got 0/29."""
    from conftest import REPO

    w = Worker({0: "import genmodels_lab.harness.ch3_gan as h\nprint('ok', h.__name__)\n"},
               RunConfig(isolation="strict"), assignment="ch2_vae", hidden=(str(REPO), str(REPO / "source")))
    try:
        w.start()
        run = w.run_cells([0])[0]
    finally:
        w.close()
    assert run.status == "ok" and run.stdout.startswith("ok"), run
