"""The structure the sandbox layer promises (issue 20, items 4 and 5), checked on the source:

- no import cycles inside ``autograder/sandbox/``, nor anywhere in ``autograder/`` (every import
  counts, also those inside functions);
- the public runtime ``genmodels_lab.runtime`` (all of ours that runs inside the sandbox) imports
  nothing of the grader: no ``autograder``, no ``solutions``;
- every launcher implements the :class:`autograder.sandbox.Launcher` protocol.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RUNTIME = REPO / "student" / "genmodels_lab" / "runtime"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports_of(path: Path, root: Path, modules: frozenset = frozenset()) -> set[str]:
    """Every module ``path`` imports (absolute names; relative imports resolved).  ``from X import y``
    counts as X.y when that is one of ``modules`` (Python's implicit import of the parent package
    is not an edge), else as X."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)] if node.level > 1 else base
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            subs = {f"{mod}.{a.name}" for a in node.names} & modules
            out.update(subs or {mod})
            out.update(f"{mod}.{a.name}" for a in node.names)
    return out


def graph(package_dir: Path, root: Path) -> dict[str, set[str]]:
    mods = {_module_name(p, root): p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts}
    names = frozenset(mods)
    return {m: {i for i in imports_of(p, root, names) if i in mods and i != m} for m, p in mods.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in g:
        if v not in index:
            visit(v)
    return out


def _package(root: Path, name: str, modules: dict) -> Path:
    """A package ``name`` under ``root`` with an empty ``__init__`` and ``modules`` (name -> source)."""
    pkg = root / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for module, source in modules.items():
        (pkg / f"{module}.py").write_text(source)
    return pkg


def test_the_cycle_finder_finds_a_cycle(tmp_path):
    pkg = _package(tmp_path, "p", {"a": "from . import b\n", "b": "def f():\n    from .a import x\n",
                                   "c": "from .a import b\n"})
    assert cycles(graph(pkg, tmp_path)) == [["p.a", "p.b"]]


def test_no_import_cycles_in_the_sandbox_layer():
    g = graph(REPO / "autograder" / "sandbox", REPO)
    assert "autograder.sandbox.strict.templates" in g and g["autograder.sandbox.strict.templates"]
    assert cycles(g) == []


def test_no_import_cycles_in_the_grader():
    """The whole ``autograder`` package (issue 16.1): commands on top (cli, demo, validity's command),
    writers as leaves (tables, feedback, report, results, gradebook, lms), the engine and the sandbox
    below; a new cycle fails here with its modules named."""
    g = graph(REPO / "autograder", REPO)
    assert len(g) > 40
    assert cycles(g) == []


def private_imports(root: Path, repo: Path) -> list[str]:
    """``from <module> import _name`` across the top-level modules of ``root`` (a package's own
    modules may share private helpers; another module of the grader may not reach into them)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        here = _module_name(path, repo)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + (path.name == "__init__.py")]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("autograder"):
                continue
            # the top-level unit (autograder.batch, autograder.sandbox, ...) of each side
            if source.split(".")[:2] == here.split(".")[:2]:
                continue
            found += [f"{here}: from {source} import {a.name}" for a in node.names
                      if a.name.startswith("_") and not a.name.startswith("__")]
    return found


def test_no_module_reaches_into_another_ones_private_names():
    """Issue 16.1: ``distributed`` imported ``batch._freeze_heap``, ``_zero_report`` and ``_preload``;
    an executor uses the batch layer's public functions (``grade_data``, ``zero_report``, ...)."""
    assert private_imports(REPO / "autograder", REPO) == []


def test_the_private_import_finder_finds_one(tmp_path):
    pkg = _package(tmp_path, "autograder", {"a": "def _x():\n    pass\n", "b": "from .a import _x\n"})
    assert private_imports(pkg, tmp_path) == ["autograder.b: from autograder.a import _x"]


def test_the_public_runtime_imports_nothing_of_the_grader():
    allowed_ours = ("genmodels_lab",)
    for path in sorted(RUNTIME.glob("*.py")):
        bad = sorted(m for m in imports_of(path, REPO / "student")
                     if m.split(".")[0] in ("autograder", "solutions", "pytest", "_pytest")
                     or (m.split(".")[0] not in allowed_ours and m.split(".")[0] not in sys.stdlib_module_names
                         and m.split(".")[0] not in ("torch", "numpy", "safetensors", "pyseccomp")))
        assert bad == [], f"{path.name} imports {bad}"


def test_the_root_launcher_is_standard_library_only():
    """It runs as ``python -I -S rootlaunch.py``: no package, no site-packages."""
    path = REPO / "autograder" / "sandbox" / "strict" / "rootlaunch.py"
    mods = imports_of(path, REPO)
    assert all(m.split(".")[0] in sys.stdlib_module_names or m == "__future__" or m.startswith("__future__.")
               for m in mods), mods


@pytest.mark.parametrize("name", ["BasicSandbox", "BasicWarmSandbox", "StrictColdSandbox", "StrictSandbox"])
def test_every_launcher_implements_the_protocol(name):
    import autograder.sandbox as sb

    cls = getattr(sb, name)
    for attr in ("level", "warm", "prestart", "spawn", "oom_killed", "cleanup"):
        assert hasattr(cls, attr), f"{name} lacks {attr}"
    assert cls.level in sb.ISOLATION_LEVELS


def test_one_tree_walker():
    """Issue 16.5: the worker, the proxy and the diagnosis walk nested containers with one helper."""
    from genmodels_lab.runtime.tree import tree_leaves, tree_map

    tree = {"a": [1, (2, 3)], "b": {"c": 4}, "d": ()}
    assert tree_map(lambda v: v * 10, tree) == {"a": [10, (20, 30)], "b": {"c": 40}, "d": ()}
    assert type(tree_map(str, (1, [2]))) is tuple and type(tree_map(str, [1])[0]) is str
    assert list(tree_leaves(tree)) == [(("a", 0), 1), (("a", 1, 0), 2), (("a", 1, 1), 3), (("b", "c"), 4)]
    assert list(tree_leaves(5, ("x",))) == [(("x",), 5)]
    assert tree_map(str.upper, {"k": ["v"]}, key=str.upper) == {"K": ["V"]}
    walkers = []
    for path in [*(REPO / "autograder").rglob("*.py"), *RUNTIME.glob("*.py")]:
        if "suites" in path.parts or path.name == "tree.py":
            continue
        src = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.FunctionDef):
                calls_self = any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == node.name
                                 for n in ast.walk(node))
                walks = "isinstance" in ast.unparse(node) and ("list" in ast.unparse(node) and "dict" in ast.unparse(node))
                if calls_self and walks:
                    walkers.append(f"{path.name}:{node.name}")
    # the wire format's own walkers (encode/decode/_rekey) treat dicts as wire nodes, not containers
    assert sorted(walkers) == sorted(w for w in walkers if w.split(":")[0] in ("wire.py", "proxy.py") and
                                     w.split(":")[1] in ("_rekey", "enc", "dec", "decode", "encode", "_depth")), walkers
