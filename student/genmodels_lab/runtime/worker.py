"""The worker: runs the student's notebook cells and serves calls from the grader.

Started by :class:`autograder.proxy.Worker` as ``python -m genmodels_lab.runtime.worker
--fd-in R --fd-out W``.  This process is untrusted once the first student cell
has run: everything it sends is decoded strictly by the trusted side
(:mod:`genmodels_lab.runtime.wire`), and nothing it prints, writes or exits with decides a
score.  It never imports ``solutions`` or the suites.
"""
from __future__ import annotations

import argparse
import io
import linecache
import os
import resource
import sys
import traceback
from typing import Any

#: Characters of stdout/stderr kept per cell (the rest is cut with a note).
MAX_CELL_OUTPUT = 20_000



def _with_usage(header: dict) -> dict:
    """``header`` plus this process's peak RSS (kB) and CPU seconds so far: every reply carries them,
    so the grader's usage figures hold in every isolation mode (statistics only: nothing is graded
    on them)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return {**header, "usage": [int(ru.ru_maxrss), round(ru.ru_utime + ru.ru_stime, 4)]}

class ServedUnavailable(RuntimeError):
    """Raised into the student's code when the grader declines to serve a reference function."""


class _Served:
    """Stands in for a student's global function during one call (error carried forward).

    When the student's own upstream function cannot be used (it raises, is a stub, or returns
    another shape), the grader grades the dependent function with the *reference* upstream: for
    the length of that one call the name is bound to this object, which sends its arguments to
    the grader (``{"op": "serve"}``) and returns the grader's answer.  The reference itself never
    enters this process; afterwards the student's own function is bound again.
    """

    def __init__(self, server: "Server", name: str, call_id: int):
        self._server, self._name, self._call_id = server, name, call_id

    def __call__(self, *args, **kwargs):
        server = self._server
        if server.serving_call != self._call_id:
            raise ServedUnavailable(f"{self._name}: the grader's reference is only available during the call it was "
                                    "given for")
        import torch

        wrt = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.requires_grad]
        if not wrt or not torch.is_grad_enabled():
            return self._ask(args, kwargs)
        # the student's code trains through it (the VAE's reparameterize inside a training loop):
        # the grader answers the forward, and later the vector-Jacobian product for backward
        served = self

        class _ServedFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, *inputs):
                ctx.inputs = inputs
                plain = list(a.detach() if isinstance(a, torch.Tensor) else a for a in args)
                for i, t in zip(wrt, inputs):
                    plain[i] = t.detach()
                out = served._ask(tuple(plain), kwargs)
                if not isinstance(out, torch.Tensor):
                    raise ServedUnavailable(f"{served._name}: only a function returning one tensor can be "
                                            "differentiated through the grader")
                ctx.plain = plain
                return out

            @staticmethod
            def backward(ctx, grad_output):
                grads = served._ask(tuple(ctx.plain), kwargs, grad_output=grad_output.detach(), wrt=wrt)
                if not isinstance(grads, (list, tuple)) or len(grads) != len(wrt):
                    raise ServedUnavailable(f"{served._name}: the grader sent no gradient")
                return tuple(grads)

        return _ServedFunction.apply(*(args[i] for i in wrt))

    def _ask(self, args, kwargs, *, grad_output=None, wrt=None):
        """One ``serve`` request: the reference's value on ``args``, or (``grad_output`` given) its
        vector-Jacobian product with respect to the positional arguments ``wrt``."""
        server = self._server
        if server.serving_call != self._call_id:
            raise ServedUnavailable(f"{self._name}: the grader's reference is only available during the call it was "
                                    "given for")
        wire = server.wire
        a_tree, k_tree, blobs = wire.encode_call(args, kwargs)
        request = {"op": "serve", "name": self._name, "args": a_tree, "kwargs": k_tree}
        if grad_output is not None:
            request["grad_output"], g_blobs = wire.encode_prefixed(grad_output, "g")
            request["wrt"] = [int(i) for i in wrt]
            blobs = {**blobs, **g_blobs}
        server.send(request, blobs)
        reply, tensors = wire.read_frame(server.fd_in, None)
        if reply.get("op") != "served":
            raise ServedUnavailable(str(reply.get("message", "the grader declined"))[:500])
        value = wire.decode(reply.get("value"), tensors, trusted=False)
        return server.to_device(value)

    def __repr__(self) -> str:
        return f"<reference {self._name} served by the grader>"


class _CappedText(io.TextIOBase):
    """A text stream that keeps at most ``cap`` characters."""

    def __init__(self, cap: int = MAX_CELL_OUTPUT):
        self.cap = cap
        self.parts: list[str] = []
        self.size = 0
        self.cut = False

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        s = str(s)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        if len(s) > room:
            self.cut = True
        return len(s)

    def flush(self) -> None:
        pass

    def text(self) -> str:
        out = "".join(self.parts)
        return out + ("\n[output truncated by the grader]\n" if self.cut else "")


def _strip_magics(source: str) -> str:
    """Turn IPython-only lines (``%magic``, ``!shell``) into comments."""
    lines = []
    for line in source.split("\n"):
        s = line.lstrip()
        lines.append(("# [not run by the grader] " + line) if s.startswith(("%", "!")) else line)
    return "\n".join(lines)


def _student_traceback(exc: BaseException) -> str:
    """The part of a traceback that lies in the student's cells (file names ``<cell N>``)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<cell")]
    lines = [f'  {f.filename}, line {f.lineno}, in {f.name}\n    {f.line or ""}' for f in frames[-6:]]
    return "\n".join(lines + [f"{type(exc).__name__}: {str(exc)[:2000]}"])


class Server:
    """Holds the notebook namespace and the handle table; answers one request at a time."""

    def __init__(self, fd_in: int, fd_out: int, sources: dict[int, str]):
        from . import wire  # imported here so the module import stays light

        self.wire = wire
        self.fd_in, self.fd_out = fd_in, fd_out
        self.ns: dict[str, Any] = {"__name__": "__main__", "__builtins__": __builtins__}
        self.handles: dict[int, Any] = {}
        self.sources = sources
        self.device = "cpu"
        self.assignment = ""  # selects genmodels_lab.harness.<assignment> (sent in the init frame)
        self.call_count = 0  # calls served so far
        self.serving_call = None  # the call during which reference functions are served (_Served)

    # -- helpers ---------------------------------------------------------
    def send(self, header: dict, tensors: dict | None = None) -> None:
        self.wire.write_frame(self.fd_out, self.wire.pack(_with_usage(header), tensors))

    def handle_for(self, obj: Any) -> int:
        hid = len(self.handles) + 1
        self.handles[hid] = obj
        return hid

    def resolve(self, node: dict) -> Any:
        if "__h__" in node:
            return self.handles[node["__h__"]]
        if "__ref__" in node:
            return self.harness(node["__ref__"])
        if "__nb__" in node:
            return self.ns[node["__nb__"]]
        raise KeyError(node)

    def harness(self, name: str) -> Any:
        import importlib

        if not isinstance(name, str) or name.startswith("_"):
            raise AttributeError(f"no harness helper {name!r}")
        modules = []
        assignment = self.assignment
        if assignment:
            try:
                modules.append(importlib.import_module(f"genmodels_lab.harness.{assignment}"))
            except ModuleNotFoundError:
                pass
        modules.append(importlib.import_module("genmodels_lab.harness.common"))
        for mod in modules:
            if hasattr(mod, name):
                return getattr(mod, name)
        raise AttributeError(f"no harness helper {name!r}")

    def to_device(self, value: Any) -> Any:
        import torch

        from .tree import tree_map

        return tree_map(lambda v: v.to(self.device) if isinstance(v, torch.Tensor) else v, value)

    # -- operations ------------------------------------------------------
    def run_cells(self, cells: list[dict]) -> None:
        for cell in cells:
            idx = int(cell["index"])
            source = _strip_magics(self.sources[idx])
            out, err = _CappedText(), _CappedText()
            old = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = out, err
            status, error = "ok", None
            try:
                name = str(cell.get("name") or f"<cell {idx}>")[:40]  # "<cell [12]>": JupyterLab's number
                # the cell's lines for tracebacks ("<cell [12]>, line 45, in forward" + the line itself)
                linecache.cache[name] = (len(source), None, source.splitlines(True), name)
                code = compile(source, name, "exec", dont_inherit=True)
                exec(code, self.ns)  # noqa: S102 - this is the student's notebook, in the worker
            except SystemExit as exc:
                status, error = "error", {"ename": "SystemExit", "evalue": str(exc.code),
                                          "traceback": "SystemExit: the cell called sys.exit() / exit()"}
            except BaseException as exc:  # noqa: BLE001 - report every student error
                status, error = "error", {"ename": type(exc).__name__, "evalue": str(exc)[:2000],
                                          "traceback": _student_traceback(exc)}
            finally:
                sys.stdout, sys.stderr = old
            self.send({"op": "cell_done", "index": idx, "status": status, "error": error,
                       "stdout": out.text(), "stderr": err.text()})
        self.send({"op": "cells_done"})

    def call(self, req: dict, tensors: dict) -> None:
        wire = self.wire
        out, err = _CappedText(), _CappedText()
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            target = req["target"]
            if "global" in target:
                name = target["global"]
                if name not in self.ns:
                    self.send({"op": "error", "etype": "MissingName", "message": name})
                    return
                fn = self.ns[name]
            elif "handle" in target:
                fn = self.handles[target["handle"]]
            else:
                fn = self.harness(target["harness"])
            method = req.get("method")
            if method == "__getattr__":
                result = getattr(fn, req["args"]["__tuple__"][0])
            else:
                if method is not None:
                    if method.startswith("_"):
                        raise AttributeError(f"private method {method!r} cannot be called")
                    fn = getattr(fn, method)
                args = wire.decode(req["args"], tensors, resolve=self.resolve, trusted=False)
                kwargs = wire.decode(req["kwargs"], tensors, resolve=self.resolve, trusted=False)
                if req.get("to_device", True):
                    args, kwargs = self.to_device(args), self.to_device(kwargs)
                served = [n for n in (req.get("served") or []) if isinstance(n, str)]
                saved = {n: self.ns[n] for n in served if n in self.ns}
                self.call_count += 1
                self.serving_call = self.call_count if served else None
                for n in served:
                    self.ns[n] = _Served(self, n, self.call_count)
                try:
                    result = fn(*args, **kwargs)
                finally:
                    self.serving_call = None
                    for n in served:
                        if n in saved:
                            self.ns[n] = saved[n]
                        else:
                            self.ns.pop(n, None)
        except SystemExit as exc:
            sys.stdout, sys.stderr = old
            self.send({"op": "error", "etype": "SystemExit", "message": f"sys.exit({exc.code!r}) was called",
                       "traceback": ""})
            return
        except BaseException as exc:  # noqa: BLE001 - report every student error
            sys.stdout, sys.stderr = old
            self.send({"op": "error", "etype": type(exc).__name__, "message": str(exc)[:2000],
                       "traceback": _student_traceback(exc)})
            return
        finally:
            sys.stdout, sys.stderr = old
        try:
            tree, blobs = wire.encode(result, handle_for=self.handle_for)
            frame = wire.pack(_with_usage({"op": "result", "value": tree, "stdout": out.text()[-2000:],
                                           "stderr": err.text()[-2000:]}), blobs)
            if len(frame) > wire.MAX_FRAME:
                raise ValueError(f"the value is {len(frame) / 2**20:.0f} MiB; the limit is "
                                 f"{wire.MAX_FRAME / 2**20:.0f} MiB")
        except BaseException as exc:  # noqa: BLE001 - e.g. an int too long for JSON, a huge tensor
            self.send({"op": "error", "etype": "BadReturn", "message": f"{type(exc).__name__}: {str(exc)[:2000]}",
                       "traceback": ""})
            return
        self.wire.write_frame(self.fd_out, frame)

    def serve(self) -> None:
        wire = self.wire
        while True:
            try:
                req, tensors = wire.read_frame(self.fd_in, None)
            except wire.Closed:
                return
            op = req.get("op")
            if op == "run_cells":
                self.run_cells(req["cells"])
            elif op == "call":
                self.call(req, tensors)
            elif op == "has":
                self.send({"op": "result", "value": req["name"] in self.ns})
            elif op == "exit":
                return
            else:
                self.send({"op": "error", "etype": "Protocol", "message": f"unknown op {op!r}", "traceback": ""})


def warm_up() -> None:
    """Pay torch's lazy imports (torch.optim pulls in torch._dynamo: seconds) before any
    student code runs, so they never count against a student's time limit."""
    import torch

    p = torch.nn.Parameter(torch.zeros(2))
    opt = torch.optim.SGD([p], lr=0.1)
    p.sum().backward()
    opt.step()
    torch.optim.Adam([p], lr=0.1).step()
    torch.nn.functional.binary_cross_entropy_with_logits(torch.zeros(1), torch.zeros(1))
    import torch.distributions  # noqa: F401


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fd-in", type=int, required=True)
    ap.add_argument("--fd-out", type=int, required=True)
    args = ap.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    from . import wire

    # The first frame carries the cell sources and the device; import torch before
    # any student code so that a student cannot shadow it through sys.path tricks first.
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    warm_up()
    init, _ = wire.read_frame(args.fd_in, None)
    server = Server(args.fd_in, args.fd_out, {int(k): v for k, v in init["sources"].items()})
    server.device = init.get("device", "cpu")
    server.assignment = str(init.get("assignment", ""))
    if server.device != "cpu":
        torch.cuda.set_per_process_memory_fraction(float(init.get("gpu_memory_fraction", 0.9)))
    server.send({"op": "ready", "pid": os.getpid()})
    server.serve()
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
