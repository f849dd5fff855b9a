"""The trusted side of the worker: start it, run the notebook cells, proxy calls.

A :class:`Worker` is one student process.  A :class:`Session` owns the current
worker of one submission and restarts it (re-running the notebook, minus any
cell that hung or killed the process) when a call killed it, so one broken
exercise never stops the others from being graded.  :class:`StudentProxy` is
what the hidden tests see as the ``student`` fixture.
"""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from genmodels_lab.runtime import wire
from genmodels_lab.runtime.tree import tree_leaves, tree_map
from genmodels_lab.runtime.wire import Handle, HarnessRef, NotebookRef

from .messages import Message, StudentCodeError, SuiteError, msg
from .runconfig import RunConfig
from .sandbox import InfrastructureFailure, StrictUnavailable, make_sandbox

#: Bytes of the worker's raw stdout/stderr (fd 1 and 2) kept for diagnostics.
MAX_RAW_OUTPUT = 64 * 1024


def harness_ref(name: str) -> HarnessRef:
    """A reference to ``autograder.harness`` callable ``name``, resolved in the worker."""
    return HarnessRef(name)


@dataclass
class CellRun:
    """What happened to one notebook cell in the worker (plain data)."""

    index: int
    status: str  # ok | error | timeout | crashed | skipped
    stdout: str = ""
    stderr: str = ""
    error: Optional[dict] = None


class _Drain(threading.Thread):
    """Reads a pipe to the end, keeping the first MAX_RAW_OUTPUT bytes."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream, self.buf, self.total = stream, bytearray(), 0

    def run(self) -> None:
        try:
            while True:
                chunk = self.stream.read(65536)
                if not chunk:
                    return
                self.total += len(chunk)
                room = MAX_RAW_OUTPUT - len(self.buf)
                if room > 0:
                    self.buf += chunk[:room]
        except (OSError, ValueError):
            return


_usage_lock = threading.Lock()
_usage = {"spawns": 0, "spawn_s": 0.0, "worker_cpu_s": 0.0, "worker_maxrss_kb": 0}


def take_usage() -> dict:
    """What the workers of this process used since the last call, in every isolation mode: how many
    were started and the seconds from spawn to ``ready`` (measured here), their CPU seconds and their
    peak RSS in kB (as each worker reports it in its replies; statistics only).  Resets the counters:
    one grader process grades one submission at a time, so a call before and after a grading gives
    that grading's figures."""
    with _usage_lock:
        out = dict(_usage)
        _usage.update(spawns=0, spawn_s=0.0, worker_cpu_s=0.0, worker_maxrss_kb=0)
    return out


def _account(spawns: int = 0, spawn_s: float = 0.0, cpu_s: float = 0.0, maxrss_kb: int = 0) -> None:
    with _usage_lock:
        _usage["spawns"] += spawns
        _usage["spawn_s"] += spawn_s
        _usage["worker_cpu_s"] += cpu_s
        _usage["worker_maxrss_kb"] = max(_usage["worker_maxrss_kb"], maxrss_kb)


class WorkerDied(Exception):
    """The worker exited, was killed, broke the protocol or timed out."""

    def __init__(self, reason: str, kind: str):
        super().__init__(reason)
        self.reason, self.kind = reason, kind


class Worker:
    """One isolated student process speaking :mod:`genmodels_lab.runtime.wire` over two pipes."""

    def __init__(self, sources: dict[int, str], config: RunConfig, *, assignment: str = "", hidden: tuple = ()):
        """Raises :class:`InfrastructureFailure` when the configured sandbox cannot be set up here."""
        self.config = config
        self.limits = config.limits
        self.device = config.device
        try:
            self.sandbox = make_sandbox(config.isolation, config.limits, config.device,
                                        tuple(config.hidden) + tuple(hidden), warm=config.warm)
        except StrictUnavailable as exc:
            raise InfrastructureFailure(f"strict isolation is not available here: {exc}") from None
        self.sources = sources
        self.assignment = assignment
        self.proc: Optional[subprocess.Popen] = None
        self.alive = False
        #: returns (monotonic deadline or None, kind) pairs that cap every wait: the submission
        #: budget ("budget") and the current test's limit ("test_timeout"); set by the Session
        self.deadlines = lambda: ()

    def _clamp(self, timeout: float) -> tuple[float, str]:
        """``timeout`` capped by the submission budget and the current test's limit; (seconds, kind)."""
        now, kind = time.monotonic(), "timeout"
        for deadline, what in self.deadlines():
            if deadline is not None and deadline - now < timeout:
                timeout, kind = max(deadline - now, 0.0), what
        return timeout, kind

    def start(self) -> None:
        t0 = time.monotonic()
        self._usage = (0, 0.0)  # (peak RSS kB, CPU s) as the worker last reported them
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        try:
            self.proc = self.sandbox.spawn(to_r, from_w, self.assignment)
        except (OSError, subprocess.SubprocessError) as exc:  # could not even start a process: ours
            raise InfrastructureFailure(f"the {self.sandbox.level} sandbox could not start a worker: {exc}") from None
        finally:
            os.close(to_r)
            os.close(from_w)
        self.fd_w, self.fd_r = to_w, from_r
        self._out, self._err = _Drain(self.proc.stdout), _Drain(self.proc.stderr)
        self._out.start()
        self._err.start()
        self.alive = True
        try:
            self.send({"op": "init", "sources": {str(k): v for k, v in self.sources.items()},
                       "device": self.device, "assignment": self.assignment})
            self.expect("ready", self.limits.startup_seconds)
        except WorkerDied as exc:
            # no student code has run before "ready" (the worker sends it before the first cell):
            # a worker that dies or stalls here failed for a reason of ours, never the student's
            if exc.kind in ("budget", "test_timeout"):
                raise
            self.kill()
            raise InfrastructureFailure(f"the worker did not start ({exc.reason}); stderr: "
                                        f"{bytes(self._err.buf[-600:]).decode('utf-8', 'replace').strip()}") from None
        _account(spawns=1, spawn_s=time.monotonic() - t0)

    # -- low level -------------------------------------------------------
    def send(self, header: dict, tensors: Optional[dict] = None) -> None:
        try:
            wire.write_frame(self.fd_w, wire.pack(header, tensors))
        except (BrokenPipeError, OSError):
            reason = self._exit_reason()
            self.kill()
            raise WorkerDied(reason, "crash") from None

    def recv(self, timeout: float) -> tuple[dict, dict]:
        timeout, kind = self._clamp(timeout)
        try:
            header, tensors = wire.read_frame(self.fd_r, time.monotonic() + timeout)
            usage = header.get("usage") if isinstance(header, dict) else None
            if isinstance(usage, list) and len(usage) == 2:
                try:
                    self._usage = (max(self._usage[0], min(int(usage[0]), 1 << 40)),
                                   min(max(float(usage[1]), 0.0), 1e7))
                except (TypeError, ValueError, OverflowError):
                    pass
            return header, tensors
        except wire.Timeout:
            self.kill()
            raise WorkerDied(f"no answer within {timeout:g} s", kind) from None
        except wire.Closed:
            reason = self._exit_reason()  # before kill(): report how the worker ended, not our SIGKILL
            self.kill()
            raise WorkerDied(reason, "crash") from None
        except wire.ProtocolError as exc:
            self.kill()
            raise WorkerDied(f"the worker sent an invalid reply ({exc})", "protocol") from None

    def expect(self, op: str, timeout: float) -> tuple[dict, dict]:
        header, tensors = self.recv(timeout)
        if header.get("op") != op:
            self.kill()
            raise WorkerDied(f"the worker sent {str(header.get('op'))[:40]!r} instead of {op!r}", "protocol")
        return header, tensors

    def _exit_reason(self) -> str:
        if self.proc is None:
            return "the worker was not started"
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "the worker stopped answering"
        if code is not None and code < 0:
            name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
            if name == "SIGKILL" and self.sandbox.oom_killed():
                return (f"the worker was killed by the out-of-memory killer (the memory limit is "
                        f"{self.limits.memory_bytes / 1024 ** 3:g} GiB)")
            hint = {"SIGKILL": " (killed: memory or CPU limit?)", "SIGXCPU": " (CPU time limit)",
                    "SIGXFSZ": " (file size limit)", "SIGSEGV": " (segmentation fault)"}.get(name, "")
            return f"the worker was killed by {name}{hint}"
        return f"the worker process exited with code {code}"

    def kill(self) -> None:
        self.alive = False
        usage, self._usage = getattr(self, "_usage", (0, 0.0)), (0, 0.0)
        if usage != (0, 0.0):
            _account(cpu_s=usage[1], maxrss_kb=usage[0])
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                try:
                    self.proc.kill()
                except ProcessLookupError:
                    pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            # orphans that left the process group are caught by the strict level's cgroup/uid sweep
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for fd in ("fd_w", "fd_r"):
            if hasattr(self, fd):
                try:
                    os.close(getattr(self, fd))
                except OSError:
                    pass
                delattr(self, fd)
        self.sandbox.cleanup()

    def close(self) -> None:
        if self.alive:
            try:
                self.send({"op": "exit"})
            except WorkerDied:
                pass
        self.kill()

    # -- operations ------------------------------------------------------
    def run_cells(self, indices: list[int]) -> list[CellRun]:
        """Run cells in order; stop at the first one that hangs or kills the worker."""
        numbers = getattr(self, "cell_numbers", {})
        self.send({"op": "run_cells", "cells": [{"index": i, "name": f"<cell [{numbers.get(i, i)}]>"}
                                                for i in indices]})
        runs = []
        for i in indices:
            try:
                header, _ = self.recv(self.limits.cell_seconds)
            except WorkerDied as exc:
                runs.append(CellRun(i, "timeout" if exc.kind in ("timeout", "budget", "test_timeout") else "crashed",
                                    error={"ename": exc.kind, "evalue": exc.reason, "traceback": ""}))
                return runs
            if header.get("op") != "cell_done" or header.get("index") != i:
                self.kill()
                runs.append(CellRun(i, "crashed", error={"ename": "protocol", "evalue": "invalid reply",
                                                         "traceback": ""}))
                return runs
            err = header.get("error")
            runs.append(CellRun(i, "error" if header.get("status") == "error" else "ok",
                                stdout=str(header.get("stdout", ""))[:50_000],
                                stderr=str(header.get("stderr", ""))[:50_000],
                                error={k: str(err.get(k, ""))[:4000] for k in ("ename", "evalue", "traceback")}
                                if isinstance(err, dict) else None))
        self.expect("cells_done", self.limits.cell_seconds)
        return runs

    def call(self, target: dict, method: Optional[str], args: tuple, kwargs: dict, timeout: float,
             to_device: bool = True, served: Optional[dict] = None) -> tuple[dict, dict]:
        """Call into the worker; wait at most ``timeout`` seconds in all for the reply.

        ``served``: name -> :class:`ServedReference`: for this call, the student's global function of
        that name is replaced by the reference, which runs *here* on each ``serve`` request the
        worker sends (error carried forward, :mod:`autograder.carry`)."""
        a_tree, k_tree, blobs = wire.encode_call(args, kwargs)
        self.send({"op": "call", "target": target, "method": method, "args": a_tree, "kwargs": k_tree,
                   "to_device": to_device, "served": sorted(served or ())}, blobs)
        deadline = time.monotonic() + timeout
        while True:
            header, tensors = self.recv(max(0.0, deadline - time.monotonic()))
            if header.get("op") != "serve":
                return header, tensors
            ref = (served or {}).get(header.get("name"))
            if ref is None:
                self.kill()
                raise WorkerDied("the worker asked for a reference function it was not given", "protocol")
            reply, reply_t = ref.answer(header, tensors)
            self.send(reply, reply_t)


def _data_leaf(args: tuple, kwargs: dict) -> Optional[Any]:
    """A call's data input: its first plain floating tensor argument (the tensor whose dtype the
    output keeps, see :meth:`autograder.checks.Check.spec_dtype`), or None without one."""
    import torch

    for _, leaf in tree_leaves((tuple(args), dict(kwargs))):
        if isinstance(leaf, torch.Tensor) and type(leaf) is torch.Tensor and leaf.is_floating_point():
            return leaf
    return None


def input_digest(args: tuple, kwargs: dict) -> Optional[str]:
    """A digest of a call's data input (:func:`_data_leaf`), or None without one."""
    import hashlib

    import torch

    leaf = _data_leaf(args, kwargs)
    if leaf is None:
        return None
    t = leaf.detach().to("cpu").contiguous()
    h = hashlib.sha256(f"{t.dtype}{tuple(t.shape)}".encode())
    h.update(t.view(torch.uint8).numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()


def data_input(args: tuple, kwargs: dict) -> Optional[Any]:
    """A call's data input (:func:`_data_leaf`), flattened, float64, CPU; or None without one."""
    import torch

    leaf = _data_leaf(args, kwargs)
    return None if leaf is None else leaf.detach().to("cpu", torch.float64).reshape(-1)


#: How near a requested value must be to a hidden test input's value to count as that value
#: (ServedReference): a shift by ulps or a cast to float32 (6e-8) is still that input. Not wider:
#: a dependent function's own values (a VAE's encoder outputs, a sampling loop's iterates) are
#: served thousands of times, and a wider window would refuse some by chance. A deliberate
#: perturbation between 1e-6 and the float32 floor (1e-4) is not caught here; what closes it is that
#: the answers are worth nothing: a served exercise's tests run before any test that serves it
#: (:func:`autograder.plugin.upstream_order`) and their random inputs differ per submission
#: (:func:`autograder.plugin.submission_salt`).
RESEMBLE_RTOL, RESEMBLE_ATOL = 1e-6, 1e-12
#: Hidden inputs with fewer values are refused by exact digest only: a VAE's training serves thousands
#: of encoder outputs, and one of them falls within 1e-6 of one of a 2-value hidden input's values by
#: chance (an honest notebook lost its training test that way once hidden inputs were salted). Half of
#: 8 values matched by chance is below 1e-9 per request.
RESEMBLE_MIN_VALUES = 8


def resembles(requested: Any, hidden: Any) -> bool:
    """Whether ``requested`` (flat) holds at least half of the values of ``hidden`` (flat), each within
    :data:`RESEMBLE_RTOL`, in any order and among any other values: a hidden test input shifted,
    cast, sliced, stacked with others or permuted. Hidden inputs of fewer than
    :data:`RESEMBLE_MIN_VALUES` values and very large requests are not compared (random values would
    cover them by chance)."""
    import torch

    n, m = hidden.numel(), requested.numel()
    if n < RESEMBLE_MIN_VALUES or m == 0 or m > 256 * n:
        return False
    ordered = torch.nan_to_num(requested).sort().values
    tol = RESEMBLE_RTOL * hidden.abs() + RESEMBLE_ATOL
    lo = torch.searchsorted(ordered, hidden - tol)
    hi = torch.searchsorted(ordered, hidden + tol, right=True)
    return float((hi > lo).to(torch.float64).mean()) >= 0.5


#: Why a student's function was replaced by the reference in a dependent test (shown to the student).
SERVED_REASONS = {
    "stopped": ("it stopped or hung its process earlier", "以前の呼び出しでプロセスを停止させたか、応答しなくなった"),
    "degenerate": ("it raises, is still the stub, or returns a value that carries nothing, such as a constant or "
                   "its input unchanged", "例外を出す・未実装のまま・定数や入力そのままのような意味のない値を返す"),
    "random": ("it draws its own random numbers, so its result cannot be reproduced",
               "自分で乱数を引くため結果を再現できない"),
    "shape": ("it returns another shape than the exercise specifies", "課題の指定と違う形状を返す"),
    "unsound": ("it is not right, or no gradient flows through it", "正しくないか、勾配が流れない"),
}


def served_note(notes: dict) -> Optional[Message]:
    """The line a dependent test's result carries when it ran with references in place of some of the
    student's functions (``notes``: name -> :data:`SERVED_REASONS` key), or None."""
    if not notes:
        return None
    en = "; ".join(f"`{n}` ({SERVED_REASONS.get(r, SERVED_REASONS['unsound'])[0]})" for n, r in notes.items())
    ja = "、".join(f"`{n}`（{SERVED_REASONS.get(r, SERVED_REASONS['unsound'])[1]}）" for n, r in notes.items())
    return msg(f"This test ran with the reference in place of your {en}, so it grades only this exercise; "
               "that function is graded in its own exercise.",
               f"このテストはあなたの {ja} の代わりに模範解答を使って実行しました。この課題だけを採点し、"
               "その関数は自分の課題で採点されます。")


class ServedReference:
    """A reference function served to the worker for one call (error carried forward).

    The worker's ``serve`` requests are answered here, in the trusted process, with
    ``reference(*args, **kwargs)`` on the decoded arguments.  It is an oracle for the upstream
    function on the inputs the student's code chooses, so it refuses two things:

    - the data inputs of the upstream's own hidden tests (``refused``: digests the session recorded
      of every call that another exercise's tests made to that function), so that the answers of
      those tests can never be obtained from it and replayed in a later submission;
    - more than ``max_calls`` requests in one call.

    A refusal raises :class:`genmodels_lab.runtime.worker.ServedUnavailable` in the student's code.
    """

    def __init__(self, name: str, reference: Any, refused: set, max_calls: int = 10_000, *,
                 hidden: Sequence = (), own: set = frozenset()):
        """``hidden``: the data inputs (flat, float64) of other exercises' tests of this function;
        a request that :func:`resembles` one is refused too, unless its data input is exactly one
        the running test passed itself (``own``: digests)."""
        self.name, self.reference, self.refused, self.max_calls = name, reference, refused, max_calls
        self.hidden, self.own = list(hidden), set(own)
        self.calls = 0

    def answer(self, header: dict, tensors: dict) -> tuple[dict, Optional[dict]]:
        import torch

        self.calls += 1
        if self.calls > self.max_calls:
            return {"op": "declined", "message": f"{self.name}: more than {self.max_calls} calls"}, None
        try:
            args = wire.decode(header.get("args"), tensors, trusted=True)
            kwargs = wire.decode(header.get("kwargs"), tensors, trusted=True)
            if not isinstance(args, (list, tuple)) or not isinstance(kwargs, dict):
                raise wire.ProtocolError("bad arguments")
        except wire.ProtocolError as exc:
            return {"op": "declined", "message": f"{self.name}: arguments the grader cannot accept ({exc})"}, None
        if any(isinstance(leaf, Handle) for _, leaf in tree_leaves((args, kwargs))):
            return {"op": "declined", "message": f"{self.name}: only tensors and numbers can be passed"}, None
        digest = input_digest(tuple(args), kwargs)
        data = data_input(tuple(args), kwargs)
        if digest in self.refused or (digest not in self.own and data is not None
                                      and any(resembles(data, h) for h in self.hidden)):
            return {"op": "declined", "message": f"{self.name}: the reference is not available on the inputs of "
                                                 "its own tests"}, None
        try:
            if "grad_output" in header:
                value = self._vjp(list(args), kwargs, header, tensors)
            else:
                with torch.no_grad():
                    value = self.reference(*args, **kwargs)
            tree, blobs = wire.encode(value)
        except Exception as exc:  # noqa: BLE001 - bad arguments from the student's code: its error
            return {"op": "declined", "message": f"{self.name}: {type(exc).__name__}: {str(exc)[:300]}"}, None
        return {"op": "served", "value": tree}, blobs

    def _vjp(self, args: list, kwargs: dict, header: dict, tensors: dict) -> list:
        """The reference's vector-Jacobian product for the worker's backward pass through it: the
        gradients of ``<reference(*args), grad_output>`` with respect to the positional arguments
        ``wrt`` (torch.autograd.grad; zeros where the output does not depend on one)."""
        import torch

        grad_output = wire.decode(header.get("grad_output"), tensors, trusted=True)
        wrt = header.get("wrt")
        if (not isinstance(grad_output, torch.Tensor) or not isinstance(wrt, list) or not wrt
                or not all(isinstance(i, int) and 0 <= i < len(args) and isinstance(args[i], torch.Tensor)
                           and args[i].is_floating_point() for i in wrt)):
            raise ValueError("a gradient request the grader cannot accept")
        inputs = [args[i].detach().requires_grad_(True) for i in wrt]
        for i, t in zip(wrt, inputs):
            args[i] = t
        with torch.enable_grad():
            out = self.reference(*args, **kwargs)
            if not isinstance(out, torch.Tensor) or out.shape != grad_output.shape:
                raise ValueError("the gradient does not match the reference's output")
            grads = torch.autograd.grad(out, inputs, grad_output.to(out.dtype), allow_unused=True)
        return [torch.zeros_like(t) if g is None else g.detach() for t, g in zip(inputs, grads)]


@dataclass
class Session:
    """The worker of one submission, restarted on demand.

    Args:
        sources: cell index -> source of every cell the grader executes, in order.
        config: the resolved run configuration (device, isolation, limits, warm, hidden paths).
        assignment: the assignment id (selects ``genmodels_lab.harness.<assignment>``).
    """

    sources: dict[int, str]
    config: RunConfig
    assignment: str = ""
    cell_runs: dict[int, CellRun] = field(default_factory=dict)
    skipped: set = field(default_factory=set)
    restarts: int = 0
    #: worker starts within one hidden test before that test fails (a function that kills or hangs its
    #: worker costs that test, never the next ones: each test starts with a fresh count)
    max_restarts_per_test: int = 3
    test_restarts: int = 0
    #: a runaway guard for the whole submission; the real bound is the time budget (submission_seconds)
    max_restarts: int = 200
    worker: Optional[Worker] = None
    startup_error: Optional[str] = None
    #: set when the sandbox could not start a worker (an infrastructure failure: the engine reports a
    #: grader_error for the whole submission; no test result of it counts)
    infra_error: Optional[str] = None
    call_log: Any = None
    hidden: tuple = ()  # host paths the strict sandbox covers (course folders); see make_sandbox
    #: cell index -> its number as JupyterLab shows it after Restart & Run All (tracebacks say "<cell [12]>")
    cell_numbers: dict = field(default_factory=dict)
    #: monotonic deadline of the whole submission (set when the first worker starts)
    deadline: Optional[float] = None
    #: monotonic deadline of the running hidden test (set by the plugin's pytest-timeout hook)
    test_deadline: Optional[float] = None
    test_seconds: float = 0.0
    budget_exhausted: bool = False
    #: function name -> {digest of a data input the suites passed to it: grade_ids of the tests that did}
    #: (ServedReference refuses inputs of other exercises' tests)
    seen_inputs: dict = field(default_factory=dict)
    #: function name -> [(grade_id, data input flat float64)] of the suites' calls (ServedReference)
    seen_values: dict = field(default_factory=dict)
    #: grade_id -> digests of every floating tensor its tests passed in calls that served a reference
    passed: dict = field(default_factory=dict)
    #: grade_id of the running hidden test (set by the plugin)
    current_grade_id: str = ""
    #: the running test's ``upstream`` marker: notebook function -> grade_id (the functions whose
    #: reference it may serve; the plugin runs every test of those exercises before it)
    current_upstreams: dict = field(default_factory=dict)
    #: [(notebook function, agrees with its reference)] of the upstream values the running test
    #: probed for error carried forward (autograder.carry._classify; reset per test by the plugin)
    upstream_agreement: list = field(default_factory=list)
    #: notebook functions whose call killed or hung the worker in this submission: error carried
    #: forward (:mod:`autograder.carry`) treats them as unusable without calling them again, so a
    #: function that kills its worker costs its dependents what a raising one costs (no restarts)
    stopped_worker: set = field(default_factory=set)
    #: name -> reason (:data:`SERVED_REASONS`) of each notebook function the running test replaced by
    #: the reference (reset by the plugin at every test; shown with the test's result)
    served_notes: dict = field(default_factory=dict)

    _lock: Any = field(default_factory=threading.RLock)

    @property
    def device(self) -> str:
        return self.config.device

    @property
    def isolation(self) -> str:
        return self.config.isolation

    @property
    def limits(self):
        return self.config.limits

    def begin_test(self, seconds: float) -> None:
        """A hidden test starts: its own time limit, and a fresh count of worker restarts."""
        self.test_seconds = float(seconds)
        self.test_deadline = time.monotonic() + float(seconds)
        self.test_restarts = 0

    def _deadlines(self) -> tuple:
        return ((self.deadline, "budget"), (self.test_deadline, "test_timeout"))

    def budget_error(self) -> StudentCodeError:
        self.budget_exhausted = True
        b = self.limits.submission_seconds
        return StudentCodeError(msg(
            f"Grading stopped: this submission used its whole time budget of {b:g} s (cells, calls and restarts "
            f"together). The points earned before that are kept; make slow cells and functions faster.",
            f"採点を中止しました: この提出物は制限時間 {b:g} 秒（セル・関数呼び出し・再起動の合計）を使い切りました。"
            f"それまでに得た点数は残ります。遅いセルや関数を速くしてください。"), "timeout")

    def test_timeout_error(self) -> StudentCodeError:
        return StudentCodeError(msg(f"The test ran out of time ({self.test_seconds:g} s for the whole test).",
                                    f"テストが制限時間（テスト全体で {self.test_seconds:g} 秒）を超えました。"), "timeout")

    def deadline_error(self, kind: str) -> Optional[StudentCodeError]:
        """The student-facing error for a wait cut short by a deadline (``WorkerDied.kind`` or a cell
        run's ``ename``): the budget, the test's limit, or None for any other kind."""
        if kind == "budget":
            return self.budget_error()
        if kind == "test_timeout":
            return self.test_timeout_error()
        return None

    def _raise_for_deadline(self) -> None:
        now = time.monotonic()
        if self.budget_exhausted or (self.deadline is not None and now >= self.deadline):
            raise self.budget_error()
        if self.test_deadline is not None and now >= self.test_deadline:
            raise self.test_timeout_error()

    def start_in_background(self) -> threading.Thread:
        """Start the worker and run the notebook in a thread, so the trusted side can
        import the suite meanwhile; the first call waits for it (``ensure`` is locked)."""
        def run() -> None:
            try:
                self.ensure()
            except Exception:  # noqa: BLE001 - reported again by the first call
                pass

        thread = threading.Thread(target=run, daemon=True, name="autograder-worker-start")
        thread.start()
        return thread

    def ensure(self) -> Worker:
        """A live worker with the notebook executed (cells that hang or crash are skipped).

        Starting a worker and re-running the notebook count against the submission's budget but
        not against the current test's limit (the test's deadline moves by the time they took)."""
        with self._lock:
            if self.worker is not None and self.worker.alive:
                self._raise_for_deadline()
                return self.worker
            saved, started = self.test_deadline, time.monotonic()
            self.test_deadline = None
            try:
                return self._ensure()
            finally:
                if saved is not None:
                    self.test_deadline = saved + (time.monotonic() - started)

    def _ensure(self) -> Worker:
        if self.deadline is None:
            self.deadline = time.monotonic() + self.limits.submission_seconds
        self._raise_for_deadline()
        if self.worker is not None and self.worker.alive:
            return self.worker
        if self.infra_error is not None:
            raise InfrastructureFailure(self.infra_error)
        if self.startup_error is not None:
            raise StudentCodeError(msg(f"The notebook could not be started: {self.startup_error}",
                                       f"ノートブックを起動できませんでした: {self.startup_error}"), "crash")
        while True:
            if self.test_restarts >= self.max_restarts_per_test:
                raise StudentCodeError(msg(
                    f"This test stopped: the worker running your notebook was restarted {self.test_restarts} times "
                    "during it (your code crashed it or did not answer in time). The next test starts afresh.",
                    f"このテストを中止しました: テスト中にノートブックを実行するワーカーを {self.test_restarts} 回再起動しました"
                    "（コードがプロセスを停止させたか、時間内に応答しませんでした）。次のテストは新しく始まります。"), "crash")
            if self.restarts > self.max_restarts:
                self.startup_error = f"the worker was restarted {self.restarts} times"
                raise StudentCodeError(msg(
                    f"Grading stopped: the worker running your notebook was restarted {self.restarts} times (your code "
                    "crashed it or did not answer in time, again and again).",
                    f"採点を中止しました: ノートブックを実行するワーカーを {self.restarts} 回再起動しました"
                    "（コードがプロセスを停止させたか、時間内に応答しないことが繰り返されました）。"), "crash")
            self.restarts += 1
            if self.worker is not None:  # a restart (not the first start): it counts against this test
                self.test_restarts += 1
            try:
                worker = Worker(self.sources, self.config, assignment=self.assignment, hidden=self.hidden)
            except InfrastructureFailure as exc:  # the sandbox cannot be set up: not the student's code
                self.infra_error = str(exc)
                raise
            worker.deadlines = self._deadlines
            worker.cell_numbers = self.cell_numbers
            try:
                worker.start()
            except InfrastructureFailure as exc:  # the sandbox failed, not the student's code
                worker.kill()
                self.infra_error = str(exc)
                raise
            except WorkerDied as exc:
                worker.kill()
                err = self.deadline_error(exc.kind)
                if err is not None:
                    raise err from None
                raise  # only the budget or the test's limit reaches here (Worker.start)
            todo = [i for i in self.sources if i not in self.skipped]
            runs = worker.run_cells(todo)
            for run in runs:
                if run.index not in self.cell_runs or self.cell_runs[run.index].status in ("ok", "error"):
                    self.cell_runs[run.index] = run
            last = runs[-1] if runs else None
            err = self.deadline_error((last.error or {}).get("ename", "")) if last is not None else None
            if err is not None:
                # not the cell's fault alone: the budget or the test's limit ran out while it ran
                worker.kill()
                raise err
            if last is not None and last.status in ("timeout", "crashed"):
                # this cell hung or killed the process: run the notebook again without it
                self.skipped.add(last.index)
                worker.kill()
                continue
            self.worker = worker
            return worker

    def call(self, target: dict, method: Optional[str], args: tuple, kwargs: dict, *, timeout: Optional[float] = None,
             what: str = "", to_device: bool = True, served: Optional[dict] = None) -> Any:
        """Call the student's ``target`` in the worker and decode its reply.

        ``served``: name -> reference function, bound in place of the student's function of that
        name for this call only (:meth:`StudentProxy.with_reference`)."""
        worker = self.ensure()
        timeout = self.limits.call_seconds if timeout is None else timeout
        if served:  # every tensor the running test hands over: a served call on one of them is its own
            import torch

            undeclared = sorted(set(served) - set(self.current_upstreams))
            if undeclared:  # a suite bug: that exercise's tests may not have run yet (plugin.upstream_order)
                raise SuiteError(f"test of {self.current_grade_id!r} serves the reference of {undeclared} without "
                                 "an upstream marker naming them")

            own = self.passed.setdefault(self.current_grade_id, set())
            for _, leaf in tree_leaves((tuple(args), dict(kwargs))):
                if isinstance(leaf, torch.Tensor) and len(own) < 4096:
                    d = input_digest((leaf,), {})
                    if d is not None:
                        own.add(d)
        if method is None and "global" in target:
            digest = input_digest(args, kwargs)
            if digest is not None:
                self.seen_inputs.setdefault(target["global"], {}).setdefault(digest, set()).add(self.current_grade_id)
                values = self.seen_values.setdefault(target["global"], [])
                data = data_input(args, kwargs)
                if data is not None and len(values) < 512 and data.numel() <= 65536:
                    values.append((self.current_grade_id, data))
        serving = {name: ServedReference(
            name, fn, {d for d, gids in self.seen_inputs.get(name, {}).items() if gids - {self.current_grade_id}},
            hidden=[v for gid, v in self.seen_values.get(name, []) if gid != self.current_grade_id],
            own=self.passed.get(self.current_grade_id, set()))
            for name, fn in (served or {}).items()} or None
        try:
            header, tensors = worker.call(target, method, args, kwargs, timeout, to_device, served=serving)
        except WorkerDied as exc:
            err = self.deadline_error(exc.kind)
            if err is not None:
                raise err from None
            if method is None and "global" in target:
                self.stopped_worker.add(str(target["global"]))
            if exc.kind == "timeout":
                raise StudentCodeError(msg(
                    f"{what} did not return within {timeout:g} s (infinite loop, or far too slow?).",
                    f"{what} が {timeout:g} 秒以内に終わりませんでした（無限ループ、または極端に遅い処理？）。"),
                    "timeout") from None
            raise StudentCodeError(msg(f"{what} stopped the grading process: {exc.reason}.",
                                       f"{what} が採点用プロセスを停止させました: {exc.reason}。"), "crash") from None
        op = header.get("op")
        if op == "error":
            etype = str(header.get("etype", "Error"))[:100]
            message = str(header.get("message", ""))[:2000]
            tb = str(header.get("traceback", ""))[:4000]
            if etype == "MissingName":
                raise StudentCodeError(msg(
                    f"{message!r} is not defined in your notebook. Keep the name and signature given in the "
                    f"exercise, and check that its cell runs without errors.",
                    f"{message!r} がノートブックで定義されていません。課題で指定された名前と引数のまま定義し、"
                    f"そのセルがエラーなく実行できるか確認してください。"), "missing", {"name": message[:200]})
            if etype == "BadReturn":
                raise StudentCodeError(msg(f"{what} returned a value the grader cannot accept: {message}",
                                           f"{what} の戻り値を受け取れません: {message}"), "output")
            detail = f"\n{tb}" if tb else ""
            extra_en = extra_ja = ""
            if etype == "NotImplementedError" and not message.strip():  # the release stub raises it bare
                detail = ""
                extra_en, extra_ja = " (still the stub: write your code in place of `raise NotImplementedError()`)", \
                    "（まだ未実装です: `raise NotImplementedError()` をあなたのコードに置き換えてください）"
            if "same device" in message or ("cuda" in message.lower() and "cpu" in message.lower()):
                extra_en = (" (this runs on a GPU: create new tensors on the inputs' device, e.g. "
                            "torch.zeros_like(x) or torch.zeros(n, device=x.device))")
                extra_ja = ("（GPU 上で実行されています。新しいテンソルは入力と同じデバイスに作ってください。例: "
                            "torch.zeros_like(x)、torch.zeros(n, device=x.device)）")
            sep = ": " + message if message else ""
            cause = None
            if etype != "NotImplementedError" and self.call_log is not None and served is None:
                try:  # an argument of a kind that worked before: the likely cause (diagnosis.CallLog)
                    cause = self.call_log.cause_of_error(target, method, args, kwargs)
                except Exception:  # noqa: BLE001 - a diagnosis never turns a failure into a crash
                    cause = None
            cause_en, cause_ja = ("\n" + cause.en, "\n" + cause.ja) if cause is not None else ("", "")
            raise StudentCodeError(msg(f"{what} raised {etype}{sep}{extra_en}{cause_en}{detail}",
                                       f"{what} で {etype} が発生しました{sep}{extra_ja}{cause_ja}{detail}"),
                                   "not_implemented" if etype == "NotImplementedError" else "student_error")
        if op != "result":
            worker.kill()
            raise StudentCodeError(msg(f"{what}: the worker sent an invalid reply.",
                                       f"{what}: ワーカーから不正な応答がありました。"), "crash")
        try:
            value = wire.decode(header.get("value"), tensors, trusted=True)
        except wire.ProtocolError as exc:
            raise StudentCodeError(msg(f"{what} returned a value the grader cannot accept: {exc}",
                                       f"{what} の戻り値を受け取れません: {exc}"), "output") from None
        if self.call_log is not None:
            self.call_log.record(value, (target, method, args, kwargs))
        return self._bind(value, served)

    def _bind(self, value: Any, served: Optional[dict] = None) -> Any:
        """Bind every remote object in ``value`` to this session; one returned by a call that served
        references (:meth:`StudentProxy.with_reference`) serves them in its own method calls too
        (``own.VAE(...)(x, eps)`` runs the module's forward with the reference ``reparameterize``)."""
        def bind(leaf: Any) -> Any:
            if isinstance(leaf, Handle):
                leaf._call = lambda target, method, args, kwargs: self.call(
                    target, method, args, kwargs, what=f"{leaf.type_name}.{method or '__call__'}", served=served)
            return leaf

        return tree_map(bind, value)

    def close(self) -> None:
        if self.worker is not None:
            self.worker.close()
            self.worker = None


class _Namespace:
    def __init__(self, session: Session, kind: str, timeout_ref: list, served: Optional[dict] = None):
        self._session, self._kind, self._timeout, self._served = session, kind, timeout_ref, served

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        session, kind, timeout, served = self._session, self._kind, self._timeout, self._served

        def remote(*args, **kwargs):
            return session.call({kind: name}, None, args, kwargs, timeout=timeout[0], what=f"{name}()",
                                served=served)

        remote.__name__ = name
        if kind == "global":
            #: whether this function killed or hung the worker earlier in the submission (autograder.carry)
            remote.stopped_worker = lambda: name in session.stopped_worker
            #: error carried forward records whether this upstream agrees with its reference on the
            #: running test's inputs (autograder.carry; the plugin's carried_from rule)
            remote.record_agreement = lambda agrees: session.upstream_agreement.append((name, bool(agrees)))
        return remote


class StudentProxy:
    """The ``student`` fixture: ``student.f(x)`` calls the notebook's ``f`` in the worker.

    ``student.harness.g(...)`` calls ``autograder.harness`` helper ``g`` in the worker;
    ``student.ref("f")`` is a reference to the notebook's ``f`` to pass as an argument;
    ``student.has("f")`` tells whether the notebook defines ``f``;
    ``student.getattr(handle, "name")`` reads an attribute of a remote object.
    """

    def __init__(self, session: Session, call_timeout: Optional[float] = None):
        self._session = session
        self._timeout = [call_timeout]
        self.harness = _Namespace(session, "harness", self._timeout)
        self._globals = _Namespace(session, "global", self._timeout)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._globals, name)

    def with_reference(self, _reasons: Optional[dict] = None, **references: Any) -> "StudentProxy":
        """A proxy whose calls run with the given *reference* functions in place of the student's
        functions of those names (``student.with_reference(ddpm_step=ref.ddpm_step).ddpm_sample(...)``):
        error carried forward for an upstream that cannot be used (:func:`autograder.carry.dependent`).
        The references run in this process, answering the worker (:class:`ServedReference`).

        ``_reasons``: name -> why the student's function cannot be used (a key of
        :data:`SERVED_REASONS`; default ``"unsound"``).  The running test's result tells the student
        which of their functions was replaced and why (:attr:`Session.served_notes`)."""
        for name in references:
            self._session.served_notes.setdefault(name, (_reasons or {}).get(name, "unsound"))
        out = StudentProxy(self._session)
        out._timeout = self._timeout
        out.harness = _Namespace(self._session, "harness", self._timeout, served=dict(references))
        out._globals = _Namespace(self._session, "global", self._timeout, served=dict(references))
        return out

    def set_call_timeout(self, seconds: Optional[float]) -> None:
        self._timeout[0] = seconds

    def ref(self, name: str) -> NotebookRef:
        return NotebookRef(name)

    def has(self, name: str) -> bool:
        worker = self._session.ensure()
        try:
            worker.send({"op": "has", "name": name})
            header, _ = worker.recv(self._session.limits.call_seconds)
        except WorkerDied as exc:
            err = self._session.deadline_error(exc.kind)
            if err is not None:
                raise err from None
            raise StudentCodeError(msg(f"The notebook's process stopped: {exc.reason}.",
                                       f"ノートブックのプロセスが停止しました: {exc.reason}。"), "crash") from None
        return header.get("value") is True

    def getattr(self, handle: Handle, name: str) -> Any:
        return self._session.call({"handle": handle.id}, "__getattr__", (name,), {},
                                  what=f"{handle.type_name}.{name}")
