"""Score-integrity corpus: notebooks that try to earn points without doing the exercise.

Two families, built on the fly from the committed notebooks (nothing here is committed as .ipynb):

* **patch-the-worker attacks** (:data:`PATCHES`): the *released* notebook of a chapter (every
  exercise still the stub) plus one student-added cell that alters the worker: the public
  harness (every helper handed the notebook's function gets a private correct implementation
  instead — the strongest forger, who knows the answers but leaves the graded names stubs),
  ``torch.autograd.grad``, ``torch.Tensor.backward``, ``torch.nn.Module.__call__``, the
  optimizers' ``step``, and the wire encoder (errors of stubs turned into zero results,
  ``None`` gradients into ones, ``False`` into ``True``).  Every exercise must score 0.
* **degenerate answers** (:data:`DEGENERATE`): the *source* notebook with one solution cell (or
  all of them) replaced by code that computes the right answer on copies of the inputs and
  returns zeros, ones, a constant, random values, ``full_like(expected, mean)`` (a constant where
  the output has one element: its mean is the answer itself) or the input unchanged instead.  The replaced exercises must score 0, unless that constant is the right
  answer on every graded input (:data:`CONSTANT_IS_RIGHT`, each entry with its reason).
"""
from __future__ import annotations

import ast
import copy
import textwrap
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENTS = ("ch1_fundamentals", "ch2_vae", "ch3_gan", "ch4_diffusion", "ch5_applications")


def _nbg(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def source_nb(assignment: str):
    return nbformat.read(next((REPO / "source" / assignment).glob("*.ipynb")), as_version=4)


def release_nb(assignment: str):
    return nbformat.read(next((REPO / "release" / assignment).glob("*.ipynb")), as_version=4)


def solution_cells(assignment: str) -> dict:
    """grade_id of the grade cell -> source of its solution cell (``<grade_id>_code``)."""
    out = {}
    for c in source_nb(assignment).cells:
        gid = _nbg(c).get("grade_id", "")
        if _nbg(c).get("solution") and gid.endswith("_code"):
            out[gid[: -len("_code")]] = c.source
    return out


def oracle_source(assignment: str) -> str:
    """The setup cell and every solution cell of the source notebook (the forger's private answers)."""
    nb = source_nb(assignment)
    parts = [c.source for c in nb.cells if c.cell_type == "code" and
             (_nbg(c).get("grade_id") == "setup" or _nbg(c).get("solution"))]
    return "\n\n".join(parts)


# -- patch-the-worker attacks ---------------------------------------------------------------------
_ORACLE = '''
import functools as _ft, importlib as _il, inspect as _insp
_oracle = {{"__name__": "_oracle"}}
exec({src!r}, _oracle)
def _swap(v):
    if callable(v) and getattr(v, "__module__", None) == "__main__" and getattr(v, "__name__", "") in _oracle:
        return _oracle[v.__name__]
    return v
for _modname in ("autograder.harness.common", "autograder.harness.{assignment}"):
    try:
        _m = _il.import_module(_modname)
    except ImportError:
        continue
    for _name, _fn in list(vars(_m).items()):
        if _insp.isfunction(_fn) and not _name.startswith("_"):
            def _wrap(_fn=_fn):
                @_ft.wraps(_fn)
                def forged(*a, **k):
                    return _fn(*[_swap(x) for x in a], **{{kk: _swap(vv) for kk, vv in k.items()}})
                return forged
            setattr(_m, _name, _wrap())
'''

_AUTOGRAD = '''
import torch as _t
def _fake_grad(outputs, inputs, *a, **k):
    ins = [inputs] if isinstance(inputs, _t.Tensor) else list(inputs)
    return tuple(_t.ones_like(i) for i in ins)
_t.autograd.grad = _fake_grad
'''

_BACKWARD = '''
import torch as _t
def _fake_backward(self, *a, **k):
    return None
_t.Tensor.backward = _fake_backward
'''

_MODULE_CALL = '''
import torch as _t
def _fake_call(self, *a, **k):
    x = next((v for v in a if isinstance(v, _t.Tensor)), None)
    return _t.zeros(x.shape[0], dtype=x.dtype) if x is not None else None
_t.nn.Module.__call__ = _fake_call
'''

_OPTIMIZER = '''
import torch as _t
def _fake_step(self, closure=None):
    with _t.no_grad():
        for group in self.param_groups:
            for p in group["params"]:
                p.zero_()
    return None
for _cls in (_t.optim.Optimizer, _t.optim.SGD, _t.optim.Adam):
    _cls.step = _fake_step
'''

_WIRE = '''
import gc as _gc, torch as _t
import genmodels_lab.runtime.wire as _w
_orig_encode = _w.encode
def _lie(v):
    if v is None:
        return _t.ones(1)
    if v is False:
        return True
    if isinstance(v, list):
        return [_lie(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_lie(x) for x in v)
    if isinstance(v, dict):
        return {k: _lie(x) for k, x in v.items()}
    return v
def _forged_encode(value, *a, **k):
    return _orig_encode(_lie(value), *a, **k)
_w.encode = _forged_encode
for _o in _gc.get_objects():
    if type(_o).__name__ == "Server" and hasattr(_o, "send"):
        _orig_send = _o.send
        def _send(header, tensors=None, _orig_send=_orig_send):
            if header.get("op") == "error" and header.get("etype") not in ("MissingName",):
                tree, blobs = _orig_encode(_t.zeros(()))
                return _orig_send({"op": "result", "value": tree}, blobs)
            return _orig_send(header, tensors)
        _o.send = _send
'''

#: name -> (what it patches, cell source template)
PATCHES = {
    "harness_oracle": ("every public harness helper, handed a private correct implementation", _ORACLE),
    "autograd_grad": ("torch.autograd.grad returns ones", _AUTOGRAD),
    "tensor_backward": ("torch.Tensor.backward does nothing", _BACKWARD),
    "module_call": ("torch.nn.Module.__call__ returns zeros", _MODULE_CALL),
    "optimizer_step": ("the optimizers' step zeroes the parameters", _OPTIMIZER),
    "wire_encoder": ("the wire encoder and the worker's replies lie", _WIRE),
}


def patched_release(assignment: str, patch: str):
    """The released notebook (all stubs) with the attack cell appended."""
    nb = copy.deepcopy(release_nb(assignment))
    src = PATCHES[patch][1]
    if patch == "harness_oracle":
        src = src.format(src=oracle_source(assignment), assignment=assignment)
    nb.cells.append(nbformat.v4.new_code_cell(src))
    return nb


# -- degenerate answers -------------------------------------------------------------------------------
DEGENERATE = ("zeros", "ones", "constant", "random", "mean", "input")

_DEGEN_HELPER = '''
import copy as _copy, random as _random, torch as _torch
def _degen(kind, out, args):
    if isinstance(out, (tuple, list)):
        return type(out)(_degen(kind, o, args) for o in out)
    if isinstance(out, dict):
        return {k: _degen(kind, v, args) for k, v in out.items()}
    if isinstance(out, bool) or out is None:
        return out if kind in ("mean", "input") else (kind == "ones")
    if isinstance(out, (int, float)):
        f = {"zeros": 0, "ones": 1, "constant": 3 if isinstance(out, int) else 0.37,
             "random": _random.random(), "mean": 3 if isinstance(out, int) else 0.37, "input": out}[kind]
        if kind == "input":
            t = next((a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)), 0)
            f = t
        return type(out)(f)
    if not isinstance(out, _torch.Tensor):
        return out
    if out.dtype == _torch.bool:
        return _torch.zeros_like(out) if kind != "ones" else _torch.ones_like(out)
    if kind == "zeros":
        return _torch.zeros_like(out)
    if kind == "ones":
        return _torch.ones_like(out)
    if kind == "constant":
        return _torch.full_like(out, 3 if not out.is_floating_point() else 0.37)
    if kind == "random":
        if out.is_floating_point():
            return _torch.rand_like(out)
        return _torch.randint_like(out, 0, 3)
    if kind == "mean" and out.numel() <= 1:
        kind = "constant"  # the mean of one element is the answer itself: use a constant instead
    if kind == "constant":
        return _torch.full_like(out, 3 if not out.is_floating_point() else 0.37)
    if kind == "mean":
        m = out.double().mean()
        return _torch.full_like(out, float(m) if out.is_floating_point() else int(round(float(m))))
    for a in args:  # "input": the first tensor argument, reshaped when it can be
        if isinstance(a, _torch.Tensor) and a.shape == out.shape:
            return a.to(out.dtype)
    for a in args:
        if isinstance(a, _torch.Tensor) and a.numel() == out.numel():
            return a.reshape(out.shape).to(out.dtype)
    return _torch.zeros_like(out)
def _copied(a, k):
    try:
        return _copy.deepcopy((a, k))
    except Exception:
        return a, k
'''


def degenerate_cell(solution: str, kind: str) -> str:
    """The solution renamed to private names, and public wrappers that return ``kind`` answers."""
    tree = ast.parse(solution)
    names = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith("_")]
    out = [_DEGEN_HELPER, solution]
    for node in names:
        if isinstance(node, ast.FunctionDef):
            out.append(textwrap.dedent(f'''
                _real_{node.name} = {node.name}
                def {node.name}(*a, **k):
                    ca, ck = _copied(a, k)
                    return _degen({kind!r}, _real_{node.name}(*ca, **ck), a)
                '''))
        else:
            methods = [m.name for m in node.body if isinstance(m, ast.FunctionDef) and not m.name.startswith("_")]
            if "forward" not in methods and any(m.name == "forward" for m in node.body if isinstance(m, ast.FunctionDef)):
                methods.append("forward")
            body = "".join(textwrap.dedent(f'''
                    def {m}(self, *a, **k):
                        return _degen({kind!r}, super().{m}(*a, **k), a)
                ''').replace("\n", "\n    ") for m in methods) or "\n    pass\n"
            out.append(f"_real_{node.name} = {node.name}\nclass {node.name}(_real_{node.name}):{body}\n")
    return "\n".join(out)


def degenerate_source(assignment: str, kind: str, exercises: tuple) -> "nbformat.NotebookNode":
    """The source notebook with the solution cells of ``exercises`` replaced by ``kind`` answers."""
    nb = copy.deepcopy(source_nb(assignment))
    for c in nb.cells:
        gid = _nbg(c).get("grade_id", "")
        if _nbg(c).get("solution") and gid.endswith("_code") and gid[: -len("_code")] in exercises:
            c.source = degenerate_cell(c.source, kind)
    return nb


#: (assignment, exercise, kind) -> why that degenerate answer is right on every graded input.
CONSTANT_IS_RIGHT: dict = {}
