"""The warm worker launcher (autograder.sandbox.warm, genmodels_lab.runtime.template): isolation per
student, limits, kill, exit codes."""
from __future__ import annotations

import json
from pathlib import Path
import os
import signal
import time

import pytest

from autograder.proxy import Worker
from autograder.runconfig import RunConfig
from autograder.sandbox import Limits
from autograder.sandbox import warm as zygote
from autograder.sandbox.strict import templates

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _run(sources: dict, limits: Limits | None = None, assignment: str = "ch2_vae", warm: bool = True):
    w = Worker(sources, RunConfig(isolation="basic", limits=limits or Limits(), warm=warm), assignment=assignment)
    w.start()
    runs = w.run_cells(list(sources))
    return w, runs


def _probe_cell() -> str:
    return (
        "import os, sys, json, resource\n"
        "print(json.dumps({'pid': os.getpid(), 'pgid': os.getpgid(0), 'sid': os.getsid(0), 'cwd': os.getcwd(),\n"
        "  'env': sorted(os.environ), 'as': resource.getrlimit(resource.RLIMIT_AS)[0],\n"
        "  'fsize': resource.getrlimit(resource.RLIMIT_FSIZE)[0], 'core': resource.getrlimit(resource.RLIMIT_CORE)[0],\n"
        "  'fds': sorted(int(x) for x in os.listdir('/proc/self/fd')),\n"
        "  'mods': sorted(m for m in sys.modules if m.startswith(('solutions', 'autograder', 'pytest', '_pytest'))),\n"
        "  'leak': hasattr(__import__('builtins'), 'leaked_by_a'), 'torch_leak': hasattr(__import__('torch'), 'leak'),\n"
        "  'np': float(__import__('numpy').random.rand())}))\n")


def test_worker_is_forked_warm_and_isolated(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_SECRET_TOKEN", "do-not-leak")
    before = zygote.usage()["spawns"]
    w, runs = _run({0: _probe_cell()})
    try:
        assert isinstance(w.proc, zygote.ZygoteProcess), "the basic sandbox should fork from the zygote"
        assert runs[0].status == "ok", runs[0]
        info = json.loads(runs[0].stdout)
        assert info["pid"] == w.proc.pid
        assert info["pgid"] == info["pid"] == info["sid"], "the worker must lead its own session/process group"
        assert os.path.basename(info["cwd"]).startswith("autograder-work-")
        assert "AUTOGRADER_SECRET_TOKEN" not in info["env"]
        assert not [k for k in info["env"] if k.startswith("AUTOGRADER")], "the run configuration travels in the init frame"
        assert info["as"] == Limits().memory_bytes and info["fsize"] == Limits().file_bytes and info["core"] == 0
        assert info["mods"] == [], f"trusted modules in the worker: {info['mods']}"
        assert len(info["fds"]) <= 6, f"descriptors leaked into the worker: {info['fds']}"
    finally:
        w.close()
    assert zygote.usage()["spawns"] == before + 1


def test_no_state_leaks_between_students():
    a_src = {0: "import builtins, torch, numpy\nbuiltins.leaked_by_a = 1\ntorch.leak = 1\n"
                "torch.manual_seed(123)\nnumpy.random.seed(7)\n"}
    a, runs = _run(a_src)
    assert runs[0].status == "ok"
    a.close()
    b, runs_b = _run({0: _probe_cell()})
    c, runs_c = _run({0: _probe_cell()})
    try:
        ib, ic = json.loads(runs_b[0].stdout), json.loads(runs_c[0].stdout)
        assert not ib["leak"] and not ib["torch_leak"]
        assert ib["np"] != ic["np"], "numpy's global generator must be re-seeded per worker like a fresh process"
    finally:
        b.close()
        c.close()


def test_crash_exit_code_and_kill_reason():
    w, runs = _run({0: "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"})
    assert runs[0].status == "crashed" and "SIGKILL" in runs[0].error["evalue"]
    w.kill()
    w, runs = _run({0: "import os\nos._exit(3)\n"})
    assert runs[0].status == "crashed" and "code 3" in runs[0].error["evalue"]
    w.kill()


def test_timeout_kills_the_whole_process_group(tmp_path):
    marker = tmp_path / "child.pid"
    src = {0: "import subprocess, sys\n"
              f"p = subprocess.Popen(['sleep', '300'])\nopen({str(marker)!r}, 'w').write(str(p.pid))\n",
           1: "while True:\n    pass\n"}
    w, runs = _run(src, Limits(cell_seconds=2.0))
    assert [r.status for r in runs] == ["ok", "timeout"]
    child = int(marker.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        # a zombie of an orphan is reaped by init; check its state
        try:
            with open(f"/proc/{child}/stat") as f:
                if f.read().split()[2] == "Z":
                    break
        except OSError:
            break
        time.sleep(0.1)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the student's grandchild survived the kill of the worker's process group")
    assert w.proc.poll() is not None


def test_plain_subprocess_when_disabled():
    w, runs = _run({0: "x = 1\n"}, warm=False)
    try:
        assert not isinstance(w.proc, zygote.ZygoteProcess)
        assert runs[0].status == "ok"
    finally:
        w.close()


def test_notebook_imports_of_the_release():
    mods = zygote.notebook_imports("ch2_vae")
    assert "torch" in mods and "genmodels_lab" in mods  # the student package, preloaded in the template


def test_a_dead_zygote_is_replaced():
    w, runs = _run({0: "x = 1\n"})
    w.close()
    old = [z for z in zygote._zygotes.values() if z.alive()]
    assert old
    for z in old:
        z.proc.kill()
        z.proc.wait()
    w, runs = _run({0: "y = 2\n"})
    try:
        assert runs[0].status == "ok" and isinstance(w.proc, zygote.ZygoteProcess)
        assert all(z.proc.pid not in {o.proc.pid for o in old} for z in zygote._zygotes.values() if z.alive())
    finally:
        w.close()


@pytest.mark.slow
def test_workers_die_with_their_grader(tmp_path):
    """A grader that is killed takes its zygote and its students' workers with it."""
    import subprocess
    import sys

    marker = tmp_path / "pid"
    cell = f"import os\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\n"
    code = (f"import sys, time; sys.path.insert(0, {str(Path(__file__).resolve().parents[1])!r})\n"
            "from autograder.proxy import Worker\n"
            "from autograder.runconfig import RunConfig\n"
            f"w = Worker({{0: {cell!r}}}, RunConfig(isolation='basic'), assignment='ch2_vae')\n"
            "w.start(); w.run_cells([0]); print('ready', flush=True); time.sleep(600)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "ready"
        pid = int(marker.read_text())
        os.kill(pid, 0)
    finally:
        p.kill()
        p.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as f:
                if f.read().split()[2] == "Z":
                    break
        except (ProcessLookupError, OSError):
            break
        time.sleep(0.2)
    else:
        pytest.fail("the student's worker outlived its grader")


def test_idle_strict_templates_are_capped(monkeypatch):
    """Each idle strict template holds a slot and ~1 GB: a process keeps at most
    MAX_IDLE_TEMPLATES of them, closing the least recently used."""
    monkeypatch.setattr(templates, "_idle", {})
    closed = []

    class Fake:
        def __init__(self, key):
            self.key = key

        def scrub(self):
            return True

        def close(self):
            closed.append(self)

    made = [Fake(("limits", k)) for k in range(templates.MAX_IDLE_TEMPLATES + 2)]
    for t in made:
        templates.give_back(t, True)
    idle = [t for pool in templates._idle.values() for t in pool]
    assert len(idle) == templates.MAX_IDLE_TEMPLATES and set(idle) == set(made[-templates.MAX_IDLE_TEMPLATES:])
    assert closed == made[:2]
    templates.give_back(Fake(("x",)), False)
    assert len(closed) == 3, "a template that is not reusable is closed"
