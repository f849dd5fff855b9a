"""Benchmark: grade a class with `autograder batch` and with sequential `nbgrader autograde`.

For each chapter present (source + release + suite), builds an nbgrader course
with N submissions (correct, wrong, crashing, timing out, stubs; see
``bench/classroom.py``), then on the same course directory in the same run:

1. start-up overhead of one student worker: plain subprocess (``python -c ...
   autograder.worker``, pays ``import torch``) vs forked from the warm zygote;
2. per-submission overhead: grading the released stub notebook (the student's
   own code costs ~nothing there) cold (a fresh grader, no zygote) and warm (a
   grader that has graded before, zygote); and, over the batch, wall time per
   submission minus the CPU time of its student worker processes;
3. ``autograder batch`` with --workers W (and 1 worker, for scaling);
4. ``nbgrader autograde`` (sequential, our SuiteGrader in nbgrader's pipeline),
   when the nbgrader integration is present; scores compared with ours;
5. optionally (``--dask``) the same batch on a local Dask cluster (scheduler +
   W single-threaded workers on 127.0.0.1) to measure the Dask path's overhead;

and prints wall time each, ratios, overheads and peak memory per worker
(sampled PSS/RSS of each grader process tree: grader + zygote + student worker).
Writes the same text to ``bench/results/batch_<date>.txt`` (``--out``).
Timings are printed, never asserted.

    .venv/bin/python bench/batch.py --n 40                 # the issue's configuration
    .venv/bin/python bench/batch.py --n 6 --no-nbgrader    # a quick look
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.classroom import make_class  # noqa: E402


class Tee:
    """Print and keep the lines; also rewrite ``path`` after each line (a partial run still leaves its numbers)."""

    def __init__(self, path: Path | None = None):
        self.buf = io.StringIO()
        self.path = path

    def __call__(self, *parts):
        line = " ".join(str(p) for p in parts)
        print(line, flush=True)
        self.buf.write(line + "\n")
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.buf.getvalue(), encoding="utf-8")


def machine() -> list[str]:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1])
        mem = f"{kb / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    import torch

    return [f"machine: {platform.node()} {platform.system()} {platform.release()}",
            f"cpu: {cpu}, nproc {os.cpu_count()}; memory {mem}",
            f"python {platform.python_version()}, torch {torch.__version__}, "
            f"load average at start {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]


def assignments_present() -> list[str]:
    out = []
    for suite in sorted((ROOT / "autograder" / "suites").iterdir()):
        a = suite.name
        if (suite / "__init__.py").exists() and list((ROOT / "source" / a).glob("*.ipynb")) and \
                list((ROOT / "release" / a).glob("*.ipynb")):
            out.append(a)
    return out


def nbgrader_integration() -> bool:
    try:
        from autograder import nbgrader_plugin

        return "preprocess" in vars(nbgrader_plugin.SuiteGrader) or "preprocess_cell" in vars(nbgrader_plugin.SuiteGrader)
    except Exception:  # noqa: BLE001
        return False


# ---------------------------------------------------------------------------------------------
# memory sampling
# ---------------------------------------------------------------------------------------------
class TreeSampler(threading.Thread):
    """Samples the process tree under ``pid``: peak per-grader-process-tree PSS and RSS, peak total."""

    def __init__(self, pid: int, interval: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.stop_ev = threading.Event()
        self.peak_total_pss = 0
        self.peak_group_pss = 0
        self.peak_group_rss = 0
        self.peak_proc_rss = 0

    def run(self) -> None:
        import psutil

        while not self.stop_ev.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root] + root.children(recursive=True)
            except psutil.Error:
                return
            total = 0
            groups: dict[int, list] = {}
            for p in procs:
                try:
                    info = p.memory_full_info()
                    pss = getattr(info, "pss", info.rss)
                    rss = info.rss
                except psutil.Error:
                    continue
                total += pss
                self.peak_proc_rss = max(self.peak_proc_rss, rss)
                # attribute every process to its grader (the child of the forkserver / dask worker) ancestor
                try:
                    chain = [p] + p.parents()
                except psutil.Error:
                    continue
                key = p.pid
                for a, b in zip(chain, chain[1:]):
                    try:
                        if "forkserver" in " ".join(b.cmdline()) or b.pid == self.pid:
                            key = a.pid
                            break
                    except psutil.Error:
                        break
                groups.setdefault(key, []).append((pss, rss))
            self.peak_total_pss = max(self.peak_total_pss, total)
            for members in groups.values():
                if len(members) >= 2:  # a grader with its zygote / worker
                    self.peak_group_pss = max(self.peak_group_pss, sum(m[0] for m in members))
                    self.peak_group_rss = max(self.peak_group_rss, sum(m[1] for m in members))
            self.stop_ev.wait(self.interval)

    def stop(self) -> "TreeSampler":
        self.stop_ev.set()
        self.join(5)
        return self


def mib(b: float) -> str:
    return f"{b / 2 ** 20:.0f} MiB"


# ---------------------------------------------------------------------------------------------
# measurements
# ---------------------------------------------------------------------------------------------
def worker_startup(assignment: str, repeat: int) -> dict:
    """Seconds from spawn to a worker that has run a trivial cell: plain subprocess vs zygote fork."""
    code = f"""
import json, os, statistics, sys, time
sys.path.insert(0, {str(ROOT)!r})
from autograder.proxy import Worker
from autograder.runconfig import RunConfig
WARM = sys.argv[1] == "1"
def one():
    t = time.monotonic(); w = Worker({{0: "import torch\\nx = torch.ones(3)"}}, RunConfig(isolation="basic", warm=WARM), assignment={assignment!r})
    w.start(); w.run_cells([0]); dt = time.monotonic() - t; w.close(); return dt
first = one()
rest = [one() for _ in range({repeat})]
print(json.dumps({{"first": first, "median": statistics.median(rest), "all": rest}}))
"""
    out = {}
    for mode in ("0", "1"):
        r = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True, timeout=900)
        out["plain" if mode == "0" else "zygote"] = json.loads(r.stdout.strip().splitlines()[-1])
    return out


def stub_overhead(assignment: str, repeat: int) -> dict:
    """Grading time of the released (stub) notebook: cold (fresh grader process, plain worker) vs warm."""
    code = f"""
import json, sys, time
sys.path.insert(0, {str(ROOT)!r})
t0 = time.monotonic()
from pathlib import Path
from autograder.engine import grade_path
from autograder.runconfig import RunConfig
from autograder.sandbox import warm as zygote
WARM = sys.argv[1] == "1"
ISOLATION = sys.argv[2]
nb = sorted(Path({str(ROOT / 'release' / assignment)!r}).glob("*.ipynb"))[0]
imp = time.monotonic() - t0
ts, cpus = [], []
for k in range({repeat} + 1):
    import resource
    ch = lambda: (lambda r: r.ru_utime + r.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))
    u0 = zygote.usage()["worker_cpu_s"]; c = time.process_time(); c0 = ch(); t = time.monotonic()
    r = grade_path(nb, RunConfig(isolation=ISOLATION, lang="en", warm=WARM))
    ts.append(time.monotonic() - t)
    cpus.append(time.process_time() - c + ch() - c0 + zygote.usage()["worker_cpu_s"] - u0)
    if k == 0 and WARM:
        from autograder.batch import freeze_heap
        freeze_heap()  # what a pool grader does after its first submission
print(json.dumps({{"imports": imp, "times": ts, "cpu": cpus, "usage": zygote.usage()}}))
"""
    out = {}
    for name, mode, isolation in (("plain", "0", "basic"), ("zygote", "1", "basic"), ("strict", "1", "strict")):
        t = time.monotonic()
        r = subprocess.run([sys.executable, "-c", code, mode, isolation], capture_output=True, text=True, timeout=1800)
        if r.returncode != 0:
            raise RuntimeError(f"stub overhead ({name}) failed: {r.stderr[-2000:]}")
        d = json.loads(r.stdout.strip().splitlines()[-1])
        d["process_wall"] = time.monotonic() - t
        out[name] = d
    return out


def run_cli(args: list[str], cwd: Path, env: dict | None = None, sample: bool = True) -> tuple[float, str, TreeSampler]:
    t = time.monotonic()
    p = subprocess.Popen([str(Path(sys.executable).with_name("autograder")), *args], cwd=cwd,
                         env=env or dict(os.environ), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(p.pid)
    if sample:
        sampler.start()
    out, _ = p.communicate()
    wall = time.monotonic() - t
    if sample:
        sampler.stop()
    if p.returncode != 0:
        raise RuntimeError(f"autograder {' '.join(args)} failed ({p.returncode}):\n{out[-4000:]}")
    return wall, out, sampler


def our_scores(out_dir: Path) -> dict[str, float]:
    rows = csv.DictReader(io.StringIO((out_dir / "grades.csv").read_text(encoding="utf-8")))
    return {r["student"]: float(r["score"]) for r in rows}


def timings(out_dir: Path) -> dict[str, dict]:
    res = {}
    for f in out_dir.rglob("*.report.json"):
        d = json.loads(f.read_text(encoding="utf-8"))
        res[d.get("student", f.parent.name)] = {**d.get("_timing", {}), "execution_time": d.get("execution_time", 0)}
    return res


def gradebook_scores(course: Path, assignment: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            out[sub.student.id] = float(sub.score)
    return out


def start_dask(workers: int, tmp: Path) -> tuple[str, list]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    dask = str(Path(sys.executable).with_name("dask"))
    sched_file = tmp / "scheduler.json"
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(sched_file)], cwd=tmp, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)]
    while not sched_file.exists():
        time.sleep(0.2)
    address = json.loads(sched_file.read_text())["address"]
    procs.append(subprocess.Popen([dask, "worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers",
                                   str(workers), "--preload", "autograder.distributed", "--memory-limit", "0",
                                   "--no-dashboard"], cwd=tmp, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True))
    from distributed import Client

    with Client(address, timeout=60) as c:
        c.wait_for_workers(workers, timeout=600)
    return address, procs


def stop_procs(procs: list) -> None:
    import signal

    for p in procs[::-1]:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs[::-1]:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)


PLAIN_NBGRADER_CONFIG = """\
# A plain nbgrader course: nbgrader's own autograde pipeline (Execute runs each notebook in a fresh
# kernel; the grade cells' in-notebook checks are the tests, all or nothing per cell).  What an
# instructor without this project would run.
import os
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "genmodels-intro-plain"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}
c.Execute.timeout = 120
"""


def plain_nbgrader(course: Path, a: str, tmp: Path) -> tuple[float, dict[str, float], str]:
    """Sequential ``nbgrader autograde`` on a copy of ``course`` with nbgrader's default preprocessors
    (its own Execute: a cold kernel per submission); (wall seconds, scores, stderr tail)."""
    from autograder.release import nbgrader_cmd

    plain = tmp / f"{a}_plain_nbgrader"
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir(parents=True)
    (plain / "nbgrader_config.py").write_text(PLAIN_NBGRADER_CONFIG, encoding="utf-8")
    shutil.copytree(course / "source" / a, plain / "source" / a)
    shutil.copytree(course / "submitted", plain / "submitted")
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    subprocess.run(nbgrader_cmd() + ["generate_assignment", a, "--force"], cwd=plain, env=env, capture_output=True,
                   text=True, check=True)
    t = time.monotonic()
    p = subprocess.run(nbgrader_cmd() + ["autograde", a, "--force"], cwd=plain, env=env, capture_output=True,
                       text=True)
    wall = time.monotonic() - t
    return wall, gradebook_scores(plain, a), ("" if p.returncode == 0 else f"exit {p.returncode}: {p.stderr[-800:]}")


def report_batch(level: str, tm: dict, smp: "TreeSampler", kinds: dict, say: Tee) -> None:
    """The per-submission figures of one batch run at isolation ``level``: time beyond the student's
    own code, worker start, peak memory per worker."""
    over = [max(0.0, v.get("wall_s", 0) - v.get("worker_cpu_s", 0)) for k, v in tm.items()
            if kinds.get(k) == "correct"]
    if over:
        say(f"  {level}: per-submission time beyond the student workers' CPU time (correct submissions, includes "
            f"the suite's reference computations and pytest): median {statistics.median(over):.2f} s")
    spawn = [v.get("spawn_s", 0) / max(1, v.get("spawns", 1)) for v in tm.values() if v.get("spawns")]
    if spawn:
        say(f"  {level}: worker start inside the batch (fork from the warm template"
            f"{' + confine' if level == 'strict' else ''}): median {statistics.median(spawn) * 1000:.0f} ms")
    say(f"  {level}: peak memory per worker (grader + template + student worker, sampled): PSS "
        f"{mib(smp.peak_group_pss)}, RSS {mib(smp.peak_group_rss)}; largest single process RSS "
        f"{mib(smp.peak_proc_rss)}; whole batch PSS peak {mib(smp.peak_total_pss)}")
    peak_w = max((v.get("worker_maxrss_kb", 0) for v in tm.values()), default=0)
    peak_g = max((v.get("grader_maxrss_kb", 0) for v in tm.values()), default=0)
    say(f"  {level}: ru_maxrss: grader process {peak_g / 1024:.0f} MiB, student worker {peak_w / 1024:.0f} MiB")


def bench_assignment(a: str, args, say: Tee, tmp: Path) -> None:
    say(f"\n=== {a}: {args.n} submissions ===")
    course = tmp / a
    t = time.monotonic()
    kinds = make_class(course, a, args.n)
    mix: dict[str, int] = {}
    for k in kinds.values():
        mix[k] = mix.get(k, 0) + 1
    say(f"class built in {time.monotonic() - t:.0f} s: " + ", ".join(f"{k} {v}" for k, v in sorted(mix.items())))

    if not args.skip_overhead:
        st = worker_startup(a, 5)
        say(f"worker start-up (spawn -> ready -> trivial cell), median of 5 after the first: "
            f"plain subprocess {st['plain']['median']:.3f} s, zygote fork {st['zygote']['median']:.3f} s "
            f"(ratio {st['plain']['median'] / max(st['zygote']['median'], 1e-6):.0f}x; first zygote use "
            f"{st['zygote']['first']:.2f} s incl. starting the zygote)")
        so = stub_overhead(a, 3)
        cold = so["plain"]["times"][0] + so["plain"]["imports"]
        warm_p = statistics.median(so["plain"]["times"][1:])
        warm_z = statistics.median(so["zygote"]["times"][1:])
        say(f"per-submission overhead = grading the released stub notebook (student code ~0 s): "
            f"cold grader {cold:.2f} s (imports {so['plain']['imports']:.2f} s + first grade "
            f"{so['plain']['times'][0]:.2f} s); warm grader + plain worker {warm_p:.2f} s; "
            f"warm grader + zygote {warm_z:.2f} s; strict (the default: warm template in the sandbox) "
            f"{statistics.median(so['strict']['times'][1:]):.2f} s")
        if "cpu" in so["zygote"]:
            say(f"  CPU seconds per stub grading (grader + its worker processes; less sensitive to machine load): "
                f"warm grader + plain worker {statistics.median(so['plain']['cpu'][1:]):.2f} s, "
                f"warm grader + zygote {statistics.median(so['zygote']['cpu'][1:]):.2f} s, "
                f"strict {statistics.median(so['strict']['cpu'][1:]):.2f} s")

    env = dict(os.environ)
    common = ["--course", str(course), "--isolation", "basic", "--device", "cpu", "--lang", "en"]
    results: dict[str, float] = {}
    nb_scores = None
    if not args.no_nbgrader and nbgrader_integration():
        from autograder.release import nbgrader_cmd

        modes = [("nbgrader_cold", "0")] if args.nbgrader_cold else []
        modes.append(("nbgrader", "1"))
        for name, zyg in modes:
            nb_env = dict(env, PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""))
            t = time.monotonic()
            p = subprocess.run(nbgrader_cmd() + ["autograde", a, "--force", "--SuiteGrader.isolation=basic",
                                                 "--SuiteGrader.device=cpu", f"--SuiteGrader.warm={zyg == '1'}"],
                               cwd=course, env=nb_env,
                               capture_output=True, text=True)
            results[name] = time.monotonic() - t
            if p.returncode != 0:
                say(f"nbgrader autograde exited {p.returncode}: {p.stderr[-1500:]}")
            scores_now = gradebook_scores(course, a)
            if nb_scores is not None and scores_now != nb_scores:
                say("  nbgrader scores differ between cold and warm workers!")
            nb_scores = scores_now
            label = ("cold workers: a fresh interpreter + import torch per worker, SuiteGrader.warm=False"
                     if zyg == "0" else "warm zygote in the nbgrader process")
            say(f"nbgrader autograde (sequential, {label}): {results[name]:.1f} s "
                f"({results[name] / args.n:.2f} s/submission)")
    elif not args.no_nbgrader:
        say("nbgrader autograde: skipped (autograder/nbgrader_plugin.py SuiteGrader is not implemented yet)")
    plain_scores = None
    if args.nbgrader_execute:
        results["nbgrader_execute"], plain_scores, problem = plain_nbgrader(course, a, tmp)
        say(f"plain nbgrader autograde (nbgrader's own Execute: a cold kernel per submission, the in-notebook "
            f"checks as tests; sequential): {results['nbgrader_execute']:.1f} s "
            f"({results['nbgrader_execute'] / args.n:.2f} s/submission) {problem}")

    # the default configuration first: --isolation strict (warm templates inside the sandbox)
    strict_common = ["strict" if c == "basic" else c for c in common]
    out_s = tmp / f"{a}_out_strict_w{args.workers}"
    wall_s, _, smp_s = run_cli(["batch", a, *strict_common, "--workers", str(args.workers), "--out", str(out_s),
                                "--no-gradebook"], course, env)
    results["strict"] = wall_s
    scores_s, tm_s = our_scores(out_s), timings(out_s)
    say(f"autograder batch --isolation strict (the default) --workers {args.workers}: {wall_s:.1f} s "
        f"({wall_s / args.n:.2f} s/submission)")
    report_batch("strict", tm_s, smp_s, kinds, say)
    for name in ("nbgrader_execute", "nbgrader_cold", "nbgrader"):
        if name in results:
            say(f"  ratio {name.replace('_', ' ')} / strict batch: {results[name] / wall_s:.2f}x")
    if nb_scores is not None:
        same = nb_scores == scores_s
        say(f"  strict batch scores identical to nbgrader autograde with our SuiteGrader: {'yes' if same else 'NO'}")
    if plain_scores is not None:
        differ = sorted(k for k in scores_s if plain_scores.get(k) != scores_s[k])
        say(f"  plain nbgrader (visible checks only, all or nothing per cell) gives a different score than the "
            f"hidden suites for {len(differ)} of {len(scores_s)} submissions"
            + (f" (e.g. {', '.join(f'{k}: {plain_scores.get(k)} vs {scores_s[k]}' for k in differ[:4])})" if differ else ""))

    out_w = tmp / f"{a}_out_w{args.workers}"
    wall, log, smp = run_cli(["batch", a, *common, "--workers", str(args.workers), "--out", str(out_w)], course, env)
    results["batch"] = wall
    scores = our_scores(out_w)
    tm = timings(out_w)
    say(f"autograder batch --isolation basic --workers {args.workers}: {wall:.1f} s ({wall / args.n:.2f} s/submission)")
    say(f"  ratio strict / basic wall time: {wall_s / wall:.2f}x; strict scores identical to basic: "
        f"{'yes' if scores_s == scores else 'NO'}")
    if "nbgrader_cold" in results:
        say(f"  ratio nbgrader autograde (cold workers) / autograder batch: {results['nbgrader_cold'] / wall:.2f}x")
    if "nbgrader" in results:
        say(f"  ratio nbgrader autograde (warm zygote) / autograder batch: {results['nbgrader'] / wall:.2f}x")
        same = nb_scores == {k: v for k, v in scores.items() if k in nb_scores} and set(nb_scores) == set(scores)
        say(f"  scores identical to nbgrader autograde: {'yes' if same else 'NO'}")
        if not same:
            for s in sorted(set(scores) | set(nb_scores)):
                if scores.get(s) != nb_scores.get(s):
                    say(f"    {s}: autograder {scores.get(s)} nbgrader {nb_scores.get(s)}")
    gb = gradebook_scores(course, a) if (course / "gradebook.db").exists() else {}
    if gb:
        say(f"  gradebook after autograder batch equals its CSV: {'yes' if gb == scores else 'NO'}")
    report_batch("basic", tm, smp, kinds, say)
    slow = sorted(((v.get("execution_time", 0), k) for k, v in tm.items()), reverse=True)[:3]
    say("  slowest: " + ", ".join(f"{k} {t:.1f} s" for t, k in slow))

    if args.scaling and args.workers > 1:
        out_1 = tmp / f"{a}_out_w1"
        wall1, _, _ = run_cli(["batch", a, *common, "--workers", "1", "--out", str(out_1), "--no-gradebook"],
                              course, env, sample=False)
        say(f"autograder batch --workers 1: {wall1:.1f} s; speed-up 1 -> {args.workers} workers: "
            f"{wall1 / wall:.2f}x (ideal {args.workers}x); scores identical: "
            f"{'yes' if our_scores(out_1) == scores else 'NO'}")
    if args.dask:
        address, procs = start_dask(args.workers, tmp)
        try:
            out_d = tmp / f"{a}_out_dask"
            walld, _, _ = run_cli(["batch", a, *common, "--scheduler", address, "--out", str(out_d),
                                   "--no-gradebook"], course, env, sample=False)
        finally:
            stop_procs(procs)
        say(f"autograder batch --scheduler (local Dask, {args.workers} workers x 1 thread, warm): {walld:.1f} s; "
            f"overhead vs local pool {100 * (walld / wall - 1):+.1f}%; scores identical: "
            f"{'yes' if our_scores(out_d) == scores else 'NO'}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=40, help="submissions per chapter (default 40)")
    ap.add_argument("--assignments", help="comma-separated (default: every chapter present)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--no-nbgrader", action="store_true", help="skip the nbgrader autograde baseline")
    ap.add_argument("--nbgrader-cold", action="store_true",
                    help="also run nbgrader autograde with our SuiteGrader and SuiteGrader.warm=False (every worker "
                         "a fresh interpreter that imports torch)")
    ap.add_argument("--nbgrader-execute", action="store_true",
                    help="also run a plain nbgrader course (nbgrader's own Execute, a cold kernel per submission, the "
                         "in-notebook checks as tests): the baseline an instructor without this project would pick")
    ap.add_argument("--scaling", action="store_true", help="also run with 1 worker (1 -> W scaling)")
    ap.add_argument("--dask", action="store_true", help="also run on a local Dask cluster")
    ap.add_argument("--skip-overhead", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the course directories")
    ap.add_argument("--out", type=Path, help="results file (default bench/results/batch_<date>.txt)")
    args = ap.parse_args(argv)
    out = args.out or ROOT / "bench" / "results" / f"batch_{dt.date.today():%Y-%m-%d}.txt"
    say = Tee(out)
    say(f"# bench/batch.py {' '.join(argv if argv is not None else sys.argv[1:])}  "
        f"({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M UTC})")
    for line in machine():
        say(line)
    chapters = args.assignments.split(",") if args.assignments else assignments_present()
    tmp = Path(tempfile.mkdtemp(prefix="autograder-bench-"))
    try:
        for a in chapters:
            bench_assignment(a, args, say, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            say(f"(course directories kept in {tmp})")
    say(f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
