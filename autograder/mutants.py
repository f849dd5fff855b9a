"""One-slip mutants of a reference function: the code a student writes with one small change.

The diagnosis (:mod:`autograder.diagnosis`) asks, for a failing output, whether the reference with
*one* slip reproduces it on the very inputs of the failing call. The slips are generated from the
reference's own syntax tree, in the manner of mutation-testing tools (mutmut, cosmic-ray): no
catalogue entry is needed, so the diagnosis also names bugs that nobody catalogued. Each slip is a
whole kind, named in both languages without quoting the reference's code (the feedback must not
hand out the solution), only the names of the functions and the constants it changes:

=================  ================================================================  ==================
slip               what changes                                                       example mistake
=================  ================================================================  ==================
``drop_call``      ``sqrt(x)``, ``x.exp()``, ``F.normalize(x)``, ``clamp`` ... -> ``x``    a missing sqrt
``reduction``      ``mean`` <-> ``sum``; ``logsumexp`` -> ``amax``                   sum, not mean
``log_base``       ``log10`` / ``log2`` -> ``log``                                   ln for log10
``correction``     ``var`` / ``std`` biased <-> unbiased                             Bessel correction
``squared``        ``norm(x)`` -> ``norm(x) ** 2``                                   a squared norm
``power``          ``x ** c`` -> ``x``                                               not squared
``factor``         ``c * x``, ``x / c`` -> ``x`` (a constant factor left out)        a missing 1/2
``epsilon``        ``x + 1e-8`` -> ``x``                                             no stabiliser
``sign``           ``a - b`` <-> ``a + b``; ``-x`` -> ``x``                          a sign slip
``term``           ``a + b`` -> ``a`` or ``b`` (one term left out)                   KL without a term
``operand``        ``a * b``, ``a / b`` -> ``a`` (one factor left out)                no weighting
``keyword``        a bool keyword flipped; another keyword left at its default        no window
``axis``           ``dim=d`` -> another axis                                         softmax over queries
``comparison``     ``<`` <-> ``<=``, ``>`` <-> ``>=``                                 a strict threshold
``index``          ``a[t - 1]`` -> ``a[t]``, ``a[t]`` -> ``a[t - 1]``                off by one
``input``          logits through a sigmoid first; every variance squared or rooted  double sigmoid
``order``          ``exp(x.mean())`` <-> ``exp(x).mean()`` (element-wise f and a mean)   IS: mean of exp
=================  ================================================================  ==================

The function's own body is mutated, and (one level deep) the reference helpers it calls by name,
each with the rest of the function as it is. Nothing inside a ``while`` loop is changed. Mutants are
built once per reference function and run only in the trusted process, on inputs the grader built;
student code never runs here.
"""
from __future__ import annotations

import ast
import copy
import functools
import importlib
import inspect
import textwrap
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

#: Calls whose removal is a slip: the call is replaced by its (first) argument, or its receiver.
DROPPABLE = frozenset({"sqrt", "rsqrt", "exp", "log", "log1p", "expm1", "tanh", "sigmoid", "relu", "leaky_relu",
                       "softplus", "normalize", "abs", "clamp", "clip", "clamp_min", "clamp_max", "square",
                       "softmax", "log_softmax", "logsigmoid", "detach", "flip", "t", "transpose"})
#: Names of modules a call is made through (``torch.sqrt(x)``): the function form, not a method.
MODULES = frozenset({"torch", "F", "np", "numpy", "math", "scipy", "nn", "linalg", "special", "fft", "functional"})
REDUCTIONS = {"mean": "sum", "sum": "mean", "nanmean": "nansum", "nansum": "nanmean"}
LOG_BASES = {"log10": "log", "log2": "log"}
NORMS = frozenset({"norm", "vector_norm", "matrix_norm"})
#: Element-wise functions whose order with a mean or sum is a slip (``exp(kl.mean())`` / ``exp(kl).mean()``).
ELEMENTWISE = frozenset({"exp", "log", "sqrt", "abs", "square", "relu", "softplus", "sigmoid", "tanh"})
#: Calls with a ``dim`` that another axis would change.
AXIS_CALLS = frozenset({"softmax", "log_softmax", "logsumexp", "mean", "sum", "cumsum", "cumprod", "norm",
                        "vector_norm", "normalize", "var", "std", "amax", "amin", "max", "min", "argmax", "argmin",
                        "cat", "stack", "prod"})
AXES = (-1, 0, 1, 2, -2)
#: A numeric constant at most this large (absolute) added to a term is a stabiliser.
EPSILON_MAX = 1e-3
#: At most this many mutants per function (the largest references stay cheap to diagnose).
MAX_MUTANTS = 240


@dataclass(frozen=True)
class Mutant:
    """The reference function ``name`` with one slip: ``fn`` has the reference's signature."""

    name: str
    kind: str
    en: str
    ja: str
    fn: Callable


def _call_name(node: ast.Call) -> Optional[str]:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _function_form(node: ast.Call) -> bool:
    """``torch.sqrt(x)`` / ``sqrt(x)`` (the operand is the first argument), not ``x.sqrt()``."""
    f = node.func
    if isinstance(f, ast.Name):
        return True
    value = f.value
    while isinstance(value, ast.Attribute):
        if value.attr in MODULES:
            return True
        value = value.value
    return isinstance(value, ast.Name) and value.id in MODULES


def _number(node: ast.AST) -> Optional[float]:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if inner is not None else None
    return None


def _g(c: float) -> str:
    return f"{c:g}"


_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP = {ast.Lt: (ast.LtE, "<", "<="), ast.LtE: (ast.Lt, "<=", "<"), ast.Gt: (ast.GtE, ">", ">="),
        ast.GtE: (ast.Gt, ">=", ">")}


def _slips(node: ast.AST) -> Iterator[tuple[ast.AST, str, str, str]]:
    """(replacement node, kind, en, ja) for each one-slip change of ``node`` itself."""
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name in DROPPABLE:
            if _function_form(node):
                operand = node.args[0] if node.args else None
            else:
                operand = node.func.value if isinstance(node.func, ast.Attribute) else None
            if operand is not None and not isinstance(operand, ast.Starred):
                yield (operand, "drop_call", f"`{name}` left out: your output is what the exercise's formula "
                       f"gives without one `{name}`",
                       f"`{name}` が抜けています。出力は、課題の式から `{name}` を 1 つ除いたときの値です")
        if name in REDUCTIONS:
            new = copy.deepcopy(node)
            if isinstance(new.func, ast.Attribute):
                new.func.attr = REDUCTIONS[name]
            else:
                new.func.id = REDUCTIONS[name]
            yield (new, "reduction", f"a `{REDUCTIONS[name]}` where the formula takes a `{name}`: your output is "
                   f"what the exercise's formula gives with one `{name}` replaced by `{REDUCTIONS[name]}`",
                   f"`{name}` のところで `{REDUCTIONS[name]}` を使っています。出力は、課題の式の `{name}` を 1 つ "
                   f"`{REDUCTIONS[name]}` に替えたときの値です")
        if name == "logsumexp":
            new = copy.deepcopy(node)
            if isinstance(new.func, ast.Attribute):
                new.func.attr = "amax"
            else:
                new.func.id = "amax"
            yield (new, "reduction", "the largest term where the formula takes `logsumexp`: your output is what "
                   "the exercise's formula gives with `amax` (the max) in place of `logsumexp`",
                   "`logsumexp` のところで最大の項だけを使っています。出力は、課題の式で `logsumexp` を `amax`（最大値）"
                   "に替えたときの値です")
        if name in LOG_BASES:
            new = copy.deepcopy(node)
            if isinstance(new.func, ast.Attribute):
                new.func.attr = LOG_BASES[name]
            else:
                new.func.id = LOG_BASES[name]
            yield (new, "log_base", f"the natural log where the formula takes `{name}`: your output is what the "
                   f"exercise's formula gives with `log` in place of `{name}`",
                   f"`{name}` のところで自然対数を使っています。出力は、課題の式で `{name}` を `log` に替えたときの値です")
        if name in ("var", "std"):
            new = copy.deepcopy(node)
            flags = {k.arg: k for k in new.keywords}
            unbiased = True
            if "unbiased" in flags and isinstance(flags["unbiased"].value, ast.Constant):
                unbiased = bool(flags["unbiased"].value.value)
                flags["unbiased"].value = ast.Constant(not unbiased)
            elif "correction" in flags and _number(flags["correction"].value) is not None:
                unbiased = _number(flags["correction"].value) != 0
                flags["correction"].value = ast.Constant(0 if unbiased else 1)
            elif "ddof" in flags and _number(flags["ddof"].value) is not None:
                unbiased = _number(flags["ddof"].value) != 0
                flags["ddof"].value = ast.Constant(0 if unbiased else 1)
            else:  # torch's default: unbiased (numpy's ddof=0 default is not told apart here)
                new.keywords.append(ast.keyword("correction", ast.Constant(0)))
            if unbiased:
                en, ja = ("the biased variance (divided by N) where the formula uses the unbiased variance (N - 1)",
                          "不偏分散（N - 1 で割る）のところで標本分散（N で割る）を使っています")
            else:
                en, ja = ("the unbiased variance (divided by N - 1) where the formula uses the biased variance (N): "
                          "torch.var and torch.std are unbiased by default; pass correction=0",
                          "標本分散（N で割る）のところで不偏分散（N - 1 で割る）を使っています。torch.var と torch.std "
                          "は既定で不偏なので correction=0 を渡します")
            yield (new, "correction", en + f" (in `{name}`)", ja + f"（`{name}`）")
        inner = node.args[0] if _function_form(node) and node.args else \
            node.func.value if isinstance(node.func, ast.Attribute) and not _function_form(node) else None
        if name in ELEMENTWISE and isinstance(inner, ast.Call) and _call_name(inner) in ("mean", "sum") \
                and isinstance(inner.func, ast.Attribute) and not _function_form(inner):
            # f(X.mean(...)) -> f(X).mean(...): the mean of the f's where the formula takes f of the mean
            outer = copy.deepcopy(node)
            applied = copy.deepcopy(inner.func.value)
            if _function_form(outer):
                outer.args[0] = applied
            else:
                outer.func.value = applied
            swapped = ast.Call(ast.Attribute(outer, inner.func.attr, ast.Load()), copy.deepcopy(inner.args),
                               copy.deepcopy(inner.keywords))
            r = inner.func.attr
            yield (swapped, "order", f"the {r} of the `{name}`s where the formula takes `{name}` of the {r}: "
                   f"your output is what the exercise's formula gives with `{name}` and `{r}` in the other order",
                   f"`{r}` の `{name}` のところで `{name}` の `{r}` を使っています。出力は、課題の式で `{name}` と "
                   f"`{r}` の順序を入れ替えたときの値です")
        if name in ("mean", "sum") and isinstance(node.func, ast.Attribute) and not _function_form(node) \
                and isinstance(inner, ast.Call) and _call_name(inner) in ELEMENTWISE:
            # f(X).mean(...) -> f(X.mean(...))
            f = _call_name(inner)
            x = inner.args[0] if _function_form(inner) and inner.args else \
                inner.func.value if isinstance(inner.func, ast.Attribute) else None
            if x is not None:
                reduced = ast.Call(ast.Attribute(copy.deepcopy(x), name, ast.Load()), copy.deepcopy(node.args),
                                   copy.deepcopy(node.keywords))
                outer = copy.deepcopy(inner)
                if _function_form(outer):
                    outer.args[0] = reduced
                else:
                    outer.func.value = reduced
                yield (outer, "order", f"`{f}` of the {name} where the formula takes the {name} of the `{f}`s: "
                       f"your output is what the exercise's formula gives with `{f}` and `{name}` in the other order",
                       f"`{f}` の `{name}` のところで `{name}` の `{f}` を使っています。出力は、課題の式で `{f}` と "
                       f"`{name}` の順序を入れ替えたときの値です")
        if name in AXIS_CALLS and not _function_form(node) and node.args and _number(node.args[0]) is not None \
                and not any(k.arg == "dim" for k in node.keywords):
            d = int(_number(node.args[0]))
            for other in AXES:
                if other != d:
                    new = copy.deepcopy(node)
                    new.args[0] = ast.Constant(other)
                    yield (new, "axis", f"`{name}` over another axis: your output is what the exercise's "
                           f"formula gives with `{name}(dim={other})`",
                           f"`{name}` の軸が違います。出力は、課題の式で `{name}(dim={other})` としたときの値です")
        if name in NORMS:
            yield (ast.BinOp(copy.deepcopy(node), ast.Pow(), ast.Constant(2)), "squared",
                   "a squared norm where the formula takes the norm itself: your output is what the exercise's "
                   "formula gives with the norm squared",
                   "ノルムそのもののところで 2 乗したノルムを使っています。出力は、課題の式でノルムを 2 乗したときの値です")
        for i, kw in enumerate(node.keywords):
            if kw.arg is None:
                continue
            if isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, bool):
                new = copy.deepcopy(node)
                new.keywords[i].value = ast.Constant(not kw.value.value)
                yield (new, "keyword", f"`{kw.arg}={not kw.value.value}` where the exercise needs "
                       f"`{kw.arg}={kw.value.value}` (in `{name}`)",
                       f"`{kw.arg}={kw.value.value}` が必要なところで `{kw.arg}={not kw.value.value}` になっています"
                       f"（`{name}`）")
            elif kw.arg == "dim" and name in AXIS_CALLS and _number(kw.value) is not None:
                d = int(_number(kw.value))
                for other in AXES:
                    if other != d:
                        new = copy.deepcopy(node)
                        new.keywords[i].value = ast.Constant(other)
                        yield (new, "axis", f"`{name}` over another axis: your output is what the exercise's "
                               f"formula gives with `{name}(..., dim={other})`",
                               f"`{name}` の軸が違います。出力は、課題の式で `{name}(..., dim={other})` としたときの値です")
            elif kw.arg != "dim" and not isinstance(kw.value, ast.Constant):
                new = copy.deepcopy(node)
                del new.keywords[i]
                yield (new, "keyword", f"`{kw.arg}=` not passed to `{name}`: your output is what the exercise's "
                       f"formula gives with `{name}`'s default `{kw.arg}`",
                       f"`{name}` に `{kw.arg}=` を渡していません。出力は、`{name}` の既定の `{kw.arg}` での課題の式の値です")
    elif isinstance(node, ast.BinOp):
        left, right = _number(node.left), _number(node.right)
        if isinstance(node.op, ast.Pow) and right is not None:
            what = ("not squared", "2 乗していません") if right == 2 else \
                ("a square root left out", "平方根が抜けています") if right == 0.5 else \
                (f"the power {_g(right)} left out", f"{_g(right)} 乗が抜けています")
            yield (node.left, "power", f"{what[0]}: your output is what the exercise's formula gives without one "
                   f"`** {_g(right)}`", f"{what[1]}。出力は、課題の式から `** {_g(right)}` を 1 つ除いたときの値です")
        if isinstance(node.op, (ast.Mult, ast.Div)):
            for const, other in ((left, node.right), (right, node.left)):
                if const is not None and const not in (0.0, 1.0) and not (isinstance(node.op, ast.Div) and other is node.right):
                    op = "division by" if isinstance(node.op, ast.Div) else "factor"
                    yield (other, "factor", f"the {op} {_g(const)} left out: your output is what the exercise's "
                           f"formula gives without one {op} {_g(const)}",
                           f"{'割り算' if isinstance(node.op, ast.Div) else '係数'} {_g(const)} が抜けています。出力は、"
                           f"課題の式からそれを 1 つ除いたときの値です")
            if left is None and right is None:
                op = "division" if isinstance(node.op, ast.Div) else "factor"
                yield (node.left, "operand", f"one {op} left out: your output is what the exercise's formula "
                       f"gives without one of its {'divisions' if op == 'division' else 'factors'}",
                       f"{'割り算' if op == 'division' else '因子'}が 1 つ抜けています。出力は、課題の式から"
                       f"{'割り算' if op == 'division' else '掛け算の因子'}を 1 つ除いたときの値です")
                if isinstance(node.op, ast.Mult):
                    yield (node.right, "operand", "one factor left out: your output is what the exercise's formula "
                           "gives without one of its factors",
                           "因子が 1 つ抜けています。出力は、課題の式から掛け算の因子を 1 つ除いたときの値です")
        if isinstance(node.op, (ast.Add, ast.Sub)):
            small = [(c, o) for c, o in ((left, node.right), (right, node.left))
                     if c is not None and 0 < abs(c) <= EPSILON_MAX]
            for c, other in small:
                yield (other, "epsilon", f"the stabilising constant {_g(abs(c))} left out: your output is what "
                       "the exercise's formula gives without it",
                       f"安定化の定数 {_g(abs(c))} が抜けています。出力は、課題の式からそれを除いたときの値です")
            flipped = ast.BinOp(copy.deepcopy(node.left), ast.Sub() if isinstance(node.op, ast.Add) else ast.Add(),
                                copy.deepcopy(node.right))
            old, new = _OPS[type(node.op)], _OPS[type(flipped.op)]
            yield (flipped, "sign", f"a sign slip: your output is what the exercise's formula gives with one `{old}` "
                   f"written as `{new}`", f"符号の誤りです。出力は、課題の式の `{old}` を 1 つ `{new}` にしたときの値です")
            if not small:
                yield (node.left, "term", "a term left out: your output is what the exercise's formula gives "
                       "without one of its terms", "項が 1 つ抜けています。出力は、課題の式から項を 1 つ除いたときの値です")
                if isinstance(node.op, ast.Add):
                    yield (node.right, "term", "a term left out: your output is what the exercise's formula gives "
                           "without one of its terms", "項が 1 つ抜けています。出力は、課題の式から項を 1 つ除いたときの値です")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _number(node) is None:
        yield (node.operand, "sign", "a sign slip: your output is what the exercise's formula gives without one "
               "minus sign", "符号の誤りです。出力は、課題の式からマイナス記号を 1 つ除いたときの値です")
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMP:
        op, old, new = _CMP[type(node.ops[0])]
        yield (ast.Compare(copy.deepcopy(node.left), [op()], copy.deepcopy(node.comparators)), "comparison",
               f"`{new}` where the exercise's formula has `{old}` (a boundary case counted differently)",
               f"課題の式の `{old}` のところが `{new}` になっています（境界の扱いの違い）")
    elif isinstance(node, ast.Subscript):
        index = node.slice
        if isinstance(index, ast.BinOp) and isinstance(index.op, (ast.Add, ast.Sub)) and _number(index.right) == 1:
            new = copy.deepcopy(node)
            new.slice = copy.deepcopy(index.left)
            yield (new, "index", "an index off by one: your output is what the exercise's formula gives with "
                   f"one index `i {_OPS[type(index.op)]} 1` written as `i`",
                   f"インデックスが 1 つずれています。出力は、課題の式のインデックス `i {_OPS[type(index.op)]} 1` を "
                   "`i` にしたときの値です")
        elif isinstance(index, ast.Name):
            for op, sym in ((ast.Sub(), "-"), (ast.Add(), "+")):
                new = copy.deepcopy(node)
                new.slice = ast.BinOp(ast.Name(index.id, ast.Load()), op, ast.Constant(1))
                yield (new, "index", f"an index off by one: your output is what the exercise's formula gives "
                       f"with `{index.id} {sym} 1` in place of one index `{index.id}`",
                       f"インデックスが 1 つずれています。出力は、課題の式のインデックス `{index.id}` を 1 つ "
                       f"`{index.id} {sym} 1` にしたときの値です")


def _replace(root: ast.AST, target: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(root):
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is target:
                        value[i] = new
                        return


def _function_def(fn: Callable) -> Optional[ast.FunctionDef]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    except (OSError, TypeError, SyntaxError):
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef):
        return None
    node.decorator_list = []
    body = node.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        node.body = body[1:]  # the docstring is not code
    return node


#: Slips whose text says little more than "something is missing" ("a term left out"), and "several"
#: (two slips of different kinds name one output): the diagnosis prefers a value-level explanation
#: (:func:`autograder.explain.explain`: "50 times: a sum where the mean is asked") when it has one.
VAGUE = frozenset({"term", "operand", "sign", "several"})

#: Slips a student makes everywhere at once (every sqrt left out, every mean a sum): for these, a
#: mutant with the slip at all its sites is built besides the one-site mutants.
REPEATABLE = frozenset({"drop_call", "power", "reduction", "log_base", "correction", "factor", "epsilon", "axis"})


def everywhere(text: str, lang: str) -> str:
    """A one-site slip's text said of every site."""
    if lang != "en":
        return text.replace("を 1 つ", "をすべて", 1)
    return text.replace("without one ", "without any ", 1) if "without one " in text else text.replace(" one ", " every ", 1)


@functools.lru_cache(maxsize=256)
def mutants(assignment: str, name: str, helpers: bool = True) -> tuple[Mutant, ...]:
    """Every one-slip mutant of ``solutions.<assignment>.<name>`` (at most :data:`MAX_MUTANTS`), each
    compiled with the reference module's globals, and for a :data:`REPEATABLE` slip found at several
    sites, the mutant with it at all of them; with ``helpers``, also the function with one slip in a
    reference helper it calls (one level deep). Empty for a name that is not a plain function.

    Raises nothing: a mutant that does not compile is left out."""
    try:
        module = importlib.import_module(f"solutions.{assignment}")
    except Exception:  # noqa: BLE001
        return ()
    fn = getattr(module, name, None)
    if not inspect.isfunction(fn):
        return ()
    fdef = _function_def(fn)
    if fdef is None:
        return ()
    nodes = [n for stmt in fdef.body for n in ast.walk(stmt)]
    # nothing inside a ``while`` loop is changed: a slip there can loop forever, in the trusted process
    unbounded = {id(n) for w in nodes if isinstance(w, ast.While) for n in ast.walk(w)}
    sites: list[tuple[int, ast.AST, str, str, str]] = []
    for index, node in enumerate(nodes):
        if id(node) not in unbounded:
            sites.extend((index, replacement, kind, en, ja) for replacement, kind, en, ja in _slips(node))
    groups: dict[tuple, list] = {}
    for site in sites:
        if site[2] in REPEATABLE:
            groups.setdefault((site[2], site[3]), []).append(site)
    plans = [([site], site[2], site[3], site[4]) for site in sites]
    plans += [(group, kind, everywhere(en, "en"), everywhere(group[0][4], "ja"))
              for (kind, en), group in groups.items()
              if len(group) > 1 and len({index for index, *_ in group}) == len(group)]
    out: list[Mutant] = []
    for group, kind, en, ja in plans + _entry_plans(fdef) + (_helper_plans(module, fdef, name) if helpers else []):
        if len(out) >= MAX_MUTANTS:
            break
        tree = copy.deepcopy(fdef)
        ns = dict(vars(module))
        if isinstance(group, Mutant):  # a slip inside a reference helper this function calls
            ns[group.name] = group.fn
            group = []
        elif group and isinstance(group[0], ast.stmt):  # arguments transformed on entry
            tree.body[:0] = group
            group = []
        copied = [n for stmt in tree.body for n in ast.walk(stmt)]
        # a replacement that is a part of the node (an operand) is taken from the copy; a new node
        # (built for this slip alone) is used as it is; all are found before any is put in place
        changes = []
        for index, replacement, *_ in group:
            path = _path_to(nodes[index], replacement)
            changes.append((copied[index], _follow(copied[index], path) if path is not None else replacement))
        for target, new in changes:
            _replace(tree, target, new)
        module_ast = ast.fix_missing_locations(ast.Module(body=[tree], type_ignores=[]))
        try:
            exec(compile(module_ast, f"<mutant of {assignment}.{name}>", "exec"), ns)  # noqa: S102 - our reference
        except Exception:  # noqa: BLE001 - a slip that does not compile is no slip
            continue
        out.append(Mutant(name, kind, en, ja, ns[name]))
    return tuple(out)


def _parse(code: str) -> list:
    return ast.parse(code).body


def _entry_plans(fdef: ast.FunctionDef) -> list:
    """(statements put first in the body, kind, en, ja) for a slip of the way arguments are taken:
    logits passed through a sigmoid first (probabilities fed to a with-logits loss), every variance
    argument squared or square-rooted (the variances taken for standard deviations, or the reverse)."""
    params = [a.arg for a in fdef.args.posonlyargs + fdef.args.args + fdef.args.kwonlyargs]
    plans = []
    for p in params:
        if "logit" in p.lower():
            plans.append((_parse(f"{p} = torch.sigmoid({p}) if isinstance({p}, torch.Tensor) else {p}"), "input",
                          f"`{p}` passed through a sigmoid first: your output is what the exercise's formula gives "
                          f"with sigmoid({p}); `{p}` are logits, and the formula (or a with-logits loss) applies the "
                          "sigmoid itself",
                          f"`{p}` に先にシグモイドをかけています。出力は、課題の式に sigmoid({p}) を入れたときの値です。"
                          f"`{p}` はロジットで、式（または with_logits の損失）が自分でシグモイドをかけます"))
    variances = [p for p in params if ("var" in p.lower() and "logvar" not in p.lower() and "log_var" not in p.lower())
                 or p.lower() in ("sigma2", "sigma_sq")]
    if variances:
        names = ", ".join(f"`{p}`" for p in variances)
        square = "\n".join(f"{p} = {p} ** 2 if isinstance({p}, torch.Tensor) else {p}" for p in variances)
        root = "\n".join(f"{p} = {p}.sqrt() if isinstance({p}, torch.Tensor) else {p}" for p in variances)
        plans.append((_parse(square), "input", f"the variances {names} used as standard deviations: your output "
                      "is what the exercise's formula gives with each of them squared; they are already σ²",
                      f"分散 {names} を標準偏差として使っています。出力は、課題の式でそれぞれを 2 乗したときの値です。"
                      "これらはすでに σ² です"))
        plans.append((_parse(root), "input", f"the square roots of the variances {names} used: your output is "
                      "what the exercise's formula gives with their square roots; the formula takes σ² itself",
                      f"分散 {names} の平方根を使っています。出力は、課題の式でそれぞれの平方根を使ったときの値です。"
                      "式は σ² そのものを使います"))
    return plans


def _helper_plans(module, fdef: ast.FunctionDef, name: str) -> list:
    """(helper mutant, kind, en, ja) for the slips of the reference functions of the same module that
    ``fdef`` calls by name (one level: ``epsilon_loss`` calling ``q_sample``)."""
    called = []
    for node in ast.walk(fdef):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id != name \
                and node.func.id not in called:
            helper = getattr(module, node.func.id, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                called.append(node.func.id)
    return [(m, m.kind, m.en, m.ja) for h in called for m in mutants(module.__name__.split(".")[-1], h, helpers=False)]


def _path_to(root: ast.AST, target: ast.AST) -> Optional[list]:
    """The (field, index) steps from ``root`` to its descendant ``target``."""
    for field, value in ast.iter_fields(root):
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            if not isinstance(item, ast.AST):
                continue
            step = (field, i if isinstance(value, list) else None)
            if item is target:
                return [step]
            deeper = _path_to(item, target)
            if deeper is not None:
                return [step, *deeper]
    return None


def _follow(root: ast.AST, path: list) -> ast.AST:
    node = root
    for field, i in path:
        node = getattr(node, field)
        if i is not None:
            node = node[i]
    return node


def describe(m: Mutant) -> dict:
    """The instructor-side record of a slip (``last_cause`` of the diagnosis)."""
    return {"id": f"slip:{m.kind}:{m.en}", "en": m.en, "ja": m.ja}

