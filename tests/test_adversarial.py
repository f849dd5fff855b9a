"""The adversarial corpus (tests/adversarial/): hostile notebooks get exactly their honest score.

Each corpus notebook is an honest, complete submission with one solution cell
replaced by an attack (see ``tests/adversarial/make_corpus.py``).  The corpus is
graded in one real ``autograder batch`` run (two grader processes), mixed with
honest submissions, once per isolation level; each test then checks one report:

* the score equals the honest score (0 for the attacked exercise, full marks for the rest);
* a specific message names the problem;
* no secret text (a comment of the hidden suite, a docstring line of ``solutions/``)
  appears in any output, report, feedback or CSV;
* the batch finishes, grades every honest submission right, and leaves no process,
  forged file, connection or unpickled payload behind.

``strict``-marked tests need root and bubblewrap (``apt-get install -y bubblewrap``)
and skip with the reason otherwise; the basic-level run is ``slow``.
"""
from __future__ import annotations

import hashlib
import json
import resource
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "adversarial"))
import make_corpus  # noqa: E402
from make_corpus import ATTACKS, ORPHAN_TAG, PICKLE_MARKER, SOCKET_PORT, TARGET  # noqa: E402

from conftest import many_gradings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
AUTOGRADER = str(Path(sys.executable).with_name("autograder"))
#: Distinctive lines of hidden files; none of them is ever shown to a student.
SECRETS = {
    REPO / "autograder" / "suites" / "ch2_vae" / "test_gaussian_kl.py": "C08: mu = 1, sigma = 2 (logvar = ln 4)",
    REPO / "solutions" / "ch2_vae.py": "randomness enters through the ``eps`` arguments",
}
FULL = {"reconstruction_loss": 4, "gaussian_kl": 4, "reparameterize": 3, "negative_elbo": 4, "vae_module": 6,
        "train_step": 4, "interpolate_latents": 4}
#: Limits for the test batches: cells that hang are given up after 20 s instead of 60 s.
LIMITS = "cell_seconds=20"
#: The whole corpus is graded in one ``autograder batch`` in the first test's fixture (about 5 min on 2
#: idle cores): no bound over all of it (``conftest.many_gradings``); the batch's pool bounds each grading.
HONEST = {"honest-correct": 29.0, "honest-stubs": 0.0, "honest-wrong": 25.0, "zz-victim": 29.0}
#: bad_files/<name>.ipynb -> a fragment of the message that explains the zero (None: graded normally).
BAD_FILES = {"empty": "is empty", "invalid_json": "not valid JSON", "non_utf8": "not valid UTF-8",
             "not_a_notebook": "not a Jupyter notebook", "nbformat3": None}


def strict_unavailable() -> str | None:
    from autograder.sandbox.strict import StrictUnavailable, check_available

    try:
        check_available()
    except StrictUnavailable as exc:
        return str(exc)
    return None


class _Listener(threading.Thread):
    """Accepts TCP connections on 127.0.0.1:SOCKET_PORT and records what arrives."""

    def __init__(self):
        super().__init__(daemon=True)
        self.hits: list[bytes] = []
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind(("127.0.0.1", SOCKET_PORT))
            self.sock.listen(16)
            self.ok = self.bound = True
        except OSError:
            self.ok = self.bound = False

    def run(self):
        while self.ok:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.settimeout(2)
            try:
                self.hits.append(conn.recv(100))
            except OSError:
                self.hits.append(b"")
            conn.close()

    def close(self):
        self.ok = False
        self.sock.close()


def _pids(match) -> list[int]:
    """Pids of live processes for which ``match(uid, argv)`` is true (reads /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            argv = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace").split("\0")[:-1]
            uid = Path(f"/proc/{entry}").stat().st_uid
        except OSError:
            continue
        if argv and match(uid, argv):
            out.append(int(entry))
    return out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_corpus(root: Path, level: str) -> dict:
    """Grade the corpus of ``level`` with honest submissions in one ``autograder batch``."""
    course = root / "course"
    subs = {}
    honest_dir = root / "honest"
    honest_dir.mkdir(parents=True)
    # graded as generated from today's release/source notebooks (the committed copies are
    # checked against the generator by test_corpus_is_generated_from_make_corpus)
    for attack in ATTACKS:
        if level in attack.levels:
            subs[attack.name] = honest_dir / f"{attack.name}.ipynb"
            nbformat.write(make_corpus.build(attack), subs[attack.name])
    nbformat.write(make_corpus.honest_notebook(), honest_dir / "correct.ipynb")
    wrong = make_corpus.honest_notebook()
    for c in wrong.cells:
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{TARGET}_code":
            c.source = make_corpus.ZEROS
    nbformat.write(wrong, honest_dir / "wrong.ipynb")
    subs.update({"honest-correct": honest_dir / "correct.ipynb", "honest-wrong": honest_dir / "wrong.ipynb",
                 "honest-stubs": REPO / "release" / "ch2_vae" / "vae.ipynb", "zz-victim": honest_dir / "correct.ipynb"})
    bad = make_corpus.bad_files()
    for name in BAD_FILES:  # file-level defects: a zero with the reason, the batch goes on
        subs[f"bad-{name}"] = honest_dir / f"bad-{name}.ipynb"
        subs[f"bad-{name}"].write_bytes(bad[f"{name}.ipynb"])
    subs["bad-huge"] = make_corpus.huge_notebook(honest_dir / "huge.ipynb")
    for student, src in subs.items():
        d = course / "submitted" / student / "ch2_vae"
        d.mkdir(parents=True)
        (d / "vae.ipynb").write_bytes(src.read_bytes())
    before = {p: _digest(p) for p in (course / "submitted").rglob("*.ipynb")}
    if os.path.exists(PICKLE_MARKER):
        os.unlink(PICKLE_MARKER)
    listener = _Listener()
    listener.start()
    env = dict(os.environ)
    start = time.monotonic()
    try:
        proc = subprocess.run([AUTOGRADER, "batch", "ch2_vae", "--course", str(course), "--workers", "2",
                               "--isolation", level, "--lang", "en", "--device", "cpu", "--limits", LIMITS],
                              capture_output=True, text=True, cwd=REPO, env=env)
    finally:
        listener.close()
    out = course / "autograder_results" / "ch2_vae"
    reports = {}
    for student in subs:
        p = out / student / "vae.report.json"
        reports[student] = json.loads(p.read_text()) if p.exists() else None
    orphans = _pids(lambda uid, cmd: cmd == ["/bin/sleep", ORPHAN_TAG])
    for pid in orphans:  # leave nothing behind whatever the verdict
        try:
            os.kill(int(pid), 9)
        except OSError:
            pass
    return {"proc": proc, "reports": reports, "out": out, "course": course, "before": before,
            "hits": listener.hits, "listening": listener.bound, "orphans": orphans,
            "pickle_ran": os.path.exists(PICKLE_MARKER), "seconds": time.monotonic() - start}


@pytest.fixture(scope="module")
def strict_run(tmp_path_factory):
    reason = strict_unavailable()
    if reason:
        pytest.skip(f"strict isolation unavailable: {reason}")
    return _run_corpus(tmp_path_factory.mktemp("strict"), "strict")


@pytest.fixture(scope="module")
def basic_run(tmp_path_factory):
    return _run_corpus(tmp_path_factory.mktemp("basic"), "basic")


def _texts(run: dict) -> list[tuple[str, str]]:
    """Every text a student or instructor could see: reports, results, CSV, HTML, console."""
    out = [("stdout", run["proc"].stdout), ("stderr", run["proc"].stderr)]
    for p in run["out"].rglob("*"):
        if p.is_file():
            out.append((str(p), p.read_text(encoding="utf-8", errors="replace")))
    return out


def _messages(report: dict, grade_id: str) -> str:
    parts = [json.dumps(p, ensure_ascii=False) for p in report.get("problems", [])]
    for e in report["exercises"]:
        if e["grade_id"] == grade_id:
            parts += [json.dumps(t.get("message"), ensure_ascii=False) for t in e["tests"]]
    return "\n".join(parts)


def check_attack(run: dict, name: str) -> None:
    attack = next(a for a in ATTACKS if a.name == name)
    report = run["reports"][name]
    assert report is not None, f"{name}: no report was written\n{run['proc'].stderr[-3000:]}"
    assert report.get("grader_error") is None, report.get("grader_error")
    scores = {e["grade_id"]: e["score"] for e in report["exercises"]}
    assert set(scores) == set(FULL)
    for gid, full in FULL.items():
        if gid in attack.expect:
            assert scores[gid] == attack.expect[gid], (name, gid, scores, _messages(report, gid)[:2000])
        elif attack.others_full:
            assert scores[gid] == full, (name, gid, scores, _messages(report, gid)[:2000])
    if attack.message:
        assert attack.message in _messages(report, TARGET), (name, _messages(report, TARGET)[:2000])
    text = json.dumps(report, ensure_ascii=False)
    for marker in SECRETS.values():
        assert marker not in text, f"{name}: secret text in the report"
    assert len(text) < 2_000_000, f"{name}: report of {len(text)} characters (output not capped)"


def test_secrets_are_distinctive():
    """The secret markers exist in the hidden files and nowhere a student can see them."""
    public = (REPO / "release" / "ch2_vae" / "vae.ipynb").read_text(encoding="utf-8")
    for path, marker in SECRETS.items():
        assert marker in path.read_text(encoding="utf-8")
        assert marker not in public
        for nb in make_corpus.HERE.glob("*.ipynb"):
            assert marker not in nb.read_text(encoding="utf-8"), nb


def test_corpus_is_generated_from_make_corpus(tmp_path):
    """The committed notebooks are exactly what make_corpus.py writes (regenerate after editing it)."""
    make_corpus.write_all(tmp_path)
    for p in tmp_path.rglob("*"):
        if p.is_file():
            committed = make_corpus.HERE / p.relative_to(tmp_path)
            assert committed.exists() and committed.read_bytes() == p.read_bytes(), (
                f"{committed} is stale: run `python tests/adversarial/make_corpus.py`")
    assert len({a.name for a in ATTACKS}) == len(ATTACKS)


# -- strict: the whole corpus ---------------------------------------------------------------
@pytest.mark.strict
@many_gradings
@pytest.mark.parametrize("name", [a.name for a in ATTACKS if "strict" in a.levels])
def test_attack_strict(strict_run, name):
    check_attack(strict_run, name)


@pytest.mark.strict
@many_gradings
def test_strict_batch_finishes_grades_honest_and_leaves_nothing(strict_run):
    run = strict_run
    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    for student, score in HONEST.items():
        report = run["reports"][student]
        assert report is not None and report.get("grader_error") is None, (student, report)
        assert sum(e["score"] for e in report["exercises"]) == score, student
    check_bad_files(run)
    for path, text in _texts(run):
        for marker in SECRETS.values():
            assert marker not in text, f"secret text in {path}"
    for p, digest in run["before"].items():
        assert _digest(p) == digest, f"{p} was modified by a submission"
    gradebook = run["course"] / "gradebook.db"  # written by the batch itself (nbgrader's gradebook)
    assert not gradebook.exists() or b"forged" not in gradebook.read_bytes()
    assert not run["pickle_ran"], "a pickle payload ran on the host"
    assert run["listening"] and run["hits"] == [], f"student code reached the host: {run['hits']}"
    assert run["orphans"] == [], "an orphan process outlived its worker"
    uids = set(_slot_users())
    slot_procs = _pids(lambda uid, argv: uid in uids)
    assert slot_procs == [], f"processes of the slot users are still alive: {slot_procs}"
    print(f"strict corpus: {len(run['reports'])} submissions in {run['seconds']:.0f} s")


def check_bad_files(run: dict) -> None:
    """Unreadable files: zero for every exercise and the reason; nbformat 3: upgraded and graded."""
    for name, fragment in list(BAD_FILES.items()) + [("huge", "the limit is")]:
        report = run["reports"][f"bad-{name}"]
        assert report is not None, name
        if fragment is None:
            assert sum(e["score"] for e in report["exercises"]) == 29, (name, report.get("grader_error"))
            assert "nbformat 3" in json.dumps(report["problems"]), name
        else:
            assert sum(e["score"] for e in report["exercises"]) == 0, name
            assert fragment in json.dumps(report.get("grader_error"), ensure_ascii=False), (name, report)


def _slot_users() -> list[int]:
    import pwd

    return [p.pw_uid for p in pwd.getpwall() if p.pw_name.startswith("autograder-slot")]


# -- basic: the subset it is meant to stop ------------------------------------------------------
@pytest.mark.slow
@many_gradings
@pytest.mark.parametrize("name", [a.name for a in ATTACKS if "basic" in a.levels])
def test_attack_basic(basic_run, name):
    check_attack(basic_run, name)


@pytest.mark.slow
@many_gradings
def test_basic_batch_finishes_and_grades_honest(basic_run):
    run = basic_run
    assert run["proc"].returncode == 0, run["proc"].stderr[-3000:]
    for student, score in HONEST.items():
        report = run["reports"][student]
        assert report is not None and sum(e["score"] for e in report["exercises"]) == score, student
    check_bad_files(run)
    for path, text in _texts(run):
        for marker in SECRETS.values():
            assert marker not in text, f"secret text in {path}"
    assert not run["pickle_ran"]


# -- strict: the sandbox itself (fast: no torch, no grading) -------------------------------------
def _strict_box(**limits):
    reason = strict_unavailable()
    if reason:
        pytest.skip(f"strict isolation unavailable: {reason}")
    from autograder.sandbox import Limits, StrictColdSandbox, check_available

    box = StrictColdSandbox(Limits(**limits), "cpu", hidden=(str(REPO / "release"),), info=check_available())
    box.prepare()
    return box


def _in_box(box, code: str, timeout: float = 60):
    proc = box._popen([sys.executable, "-I", "-S", "-c", code], (), {"PATH": "/usr/bin:/bin"})
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.strict
def test_strict_view_hides_the_course_and_drops_everything():
    box = _strict_box()
    try:
        code, out, err = _in_box(box, f"""
import os, socket, json
r = {{"uid": os.getuid(), "groups": os.getgroups(), "procs": [p for p in os.listdir("/proc") if p.isdigit()]}}
for p in {[str(p) for p in SECRETS] + [str(REPO / "source" / "ch2_vae" / "vae.ipynb"), str(REPO / "release")]!r}:
    r[p] = os.path.exists(p) and (os.listdir(p) if os.path.isdir(p) else "readable")
r["suites"] = os.path.exists({str(REPO / "autograder" / "suites")!r})
r["grader"] = os.path.exists({str(REPO / "autograder" / "engine.py")!r})
r["package"] = os.path.exists({str(REPO / "student" / "genmodels_lab" / "runtime" / "worker.py")!r})
try:
    socket.create_connection(("1.1.1.1", 80), timeout=2); r["net"] = True
except OSError:
    r["net"] = False
for path in ("/etc/probe", {str(REPO / "student" / "genmodels_lab" / "probe")!r}):
    try:
        open(path, "w"); r[path] = "writable"
    except OSError:
        r[path] = "read-only"
st = open("/proc/self/status").read()
r["caps"] = st.split("CapEff:")[1].split()[0]
r["nnp"] = st.split("NoNewPrivs:")[1].split()[0]
print(json.dumps(r))
""")
    finally:
        box.cleanup()
    assert code == 0, err
    r = json.loads(out)
    assert r["uid"] != 0 and r["groups"] == [] and r["caps"] == "0000000000000000" and r["nnp"] == "1"
    assert len(r["procs"]) <= 3  # its own pid namespace: the grader is invisible
    for p in list(SECRETS) + [REPO / "source" / "ch2_vae" / "vae.ipynb"]:
        assert r[str(p)] is False, p
    assert r[str(REPO / "release")] in (False, [])  # hidden= from the engine is covered too
    # of our code only the public runtime is there (an allow-list): no suites, no grader at all
    assert r["suites"] is False and r["grader"] is False and r["package"] is True and r["net"] is False
    assert all(v == "read-only" for k, v in r.items() if k.startswith("/") and "probe" in k)


@pytest.mark.strict
def test_strict_sandbox_outlives_its_starting_thread_but_not_the_grader():
    box = _strict_box()
    try:
        holder = {}
        t = threading.Thread(target=lambda: holder.update(p=box._popen(
            ["/bin/sh", "-c", "sleep 2; echo done"], (), {"PATH": "/usr/bin:/bin"})))
        t.start()
        t.join()
        out, _ = holder["p"].communicate(timeout=60)
        assert out == b"done\n" and holder["p"].returncode == 0
        proc = box._popen(["/bin/sh", "-c", "sleep 60"], (), {"PATH": "/usr/bin:/bin"})
        time.sleep(0.5)
        os.close(box._lifeline)  # what the kernel does when the grader process dies
        box._lifeline = None
        start = time.monotonic()
        proc.communicate(timeout=30)
        assert proc.returncode == -9 and time.monotonic() - start < 10
    finally:
        box.cleanup()


@pytest.mark.strict
def test_strict_memory_cgroup_stops_forked_hogs():
    box = _strict_box(memory_bytes=1024 ** 3)
    if box.cgroup is None:
        box.cleanup()
        pytest.skip("no memory cgroup here (strict falls back to RLIMIT_AS)")
    try:
        code, out, err = _in_box(box, """
import os, time
kids = []
for i in range(3):
    pid = os.fork()
    if pid == 0:
        hoard = [bytearray(64 * 1024 * 1024) for _ in range(12)]  # 768 MiB each, under RLIMIT_AS
        time.sleep(1)
        os._exit(0)
    kids.append(pid)
print(sum(os.WIFSIGNALED(os.waitpid(k, 0)[1]) for k in kids))
""")
        assert code == 0 and int(out) >= 1, (out, err)
        assert box.oom_killed()
    finally:
        box.cleanup()


@pytest.mark.strict
def test_strict_cold_worker_gets_its_rlimits_from_the_one_function():
    """The root half applies the rlimits with genmodels_lab.runtime.limits.apply_limits (loaded by path):
    a cold worker has CPU, NPROC, FSIZE, NOFILE, no core and, on CPU, AS; a template has no CPU or AS limit."""
    from autograder.sandbox import Limits, StrictColdSandbox, check_available

    code = ("import resource, json\nprint(json.dumps({k: resource.getrlimit(getattr(resource, 'RLIMIT_' + k))[0] "
            "for k in ('CPU', 'NPROC', 'FSIZE', 'NOFILE', 'CORE', 'AS')}))")
    lim = Limits(cpu_seconds=77, processes=99, file_bytes=12345678, open_files=123, memory_bytes=5 * 1024 ** 3)
    got = {}
    for template in (False, True):
        reason = strict_unavailable()
        if reason:
            pytest.skip(f"strict isolation unavailable: {reason}")
        box = StrictColdSandbox(lim, "cpu", info=check_available(), template=template)
        box.prepare()
        try:
            rc, out, err = _in_box(box, code)
        finally:
            box.cleanup()
        assert rc == 0, err
        got[template] = json.loads(out)
    assert got[False] == {"CPU": 77, "NPROC": 99, "FSIZE": 12345678, "NOFILE": 123, "CORE": 0, "AS": 5 * 1024 ** 3}
    assert got[True]["CPU"] == got[True]["AS"] == resource.RLIM_INFINITY and got[True]["NPROC"] == 99
