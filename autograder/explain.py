"""Generic explanations of a wrong output: conventions and common slips, named in plain words.

:mod:`autograder.diagnosis` names a *catalogued* mistake when the student's output equals its
formula on the same inputs.  Real code makes mistakes the catalogue does not hold; many of them
are a known transformation of the right answer.  :func:`explain` tries those transformations,
in the trusted process, on the reference (``expected``), the student's output (``received``,
plain CPU tensors decoded from the worker's reply) and the shapes of the grader-built inputs:

- a constant factor: a sign flip (-1), 2 or 1/2, bits vs nats (1/ln 2), sum vs mean over an
  axis of size N (N or 1/N), unbiased vs biased variance (N/(N-1)) and their square roots;
- a constant offset (an extra epsilon or a missing constant term);
- variance, standard deviation and log-variance confused (square, root, log, exp);
- an index or timestep off by one (values shifted by one along an axis);
- another layout: halves swapped along an axis ([cos, sin] for [sin, cos]), reversed, transposed,
  or the right values in another order along an axis (interleaved, sorted);
- a clamp at 0 missing (negative values where the expected ones are 0), or one too many;
- another shape whose values match after a reshape, a transpose, or a missing sum/mean;
- a NaN or inf only where the inputs are extreme ("unstable at inputs of magnitude 40": an
  overflow such as exp of a large number or log of 0; compute in log space).

Each finding is one "Likely cause" line.  An exact value is never quoted (a generic factor is
rounded to 2 digits), so the line cannot be replayed into the expected value.  Student code is
never run here: callers that can ask the worker for more (:class:`autograder.diagnosis.Diagnoser`,
"your function ignores eps") do that themselves.
"""
from __future__ import annotations

import itertools
import math
from typing import Any, Iterable, Optional

import torch

from .messages import Message, msg

#: How close a transformed reference must be to the received values to explain them.
RTOL, ATOL = 1e-4, 1e-7


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    return a.shape == b.shape and bool(torch.isfinite(a).all()) and bool(
        torch.allclose(a, b, rtol=RTOL, atol=ATOL * max(1.0, float(b.abs().max()) if b.numel() else 1.0)))


def _cause(en: str, ja: str) -> Message:
    return msg("Likely cause: " + en, "考えられる原因: " + ja)


def _shape(shape: Iterable[int]) -> str:
    shape = tuple(shape)
    return "(" + ", ".join(map(str, shape)) + (",)" if len(shape) == 1 else ")")


def _factors(sizes: Iterable[int]) -> list[tuple[float, str, str]]:
    """(factor, en, ja): received = factor * expected, most specific first."""
    out = [(-1.0, "the sign is flipped (received = -expected): check the order of a difference or a missing minus",
            "符号が逆です（受け取った値 = -期待値）。差の順序、またはマイナス記号の抜けを確認してください"),
           (2.0, "your values are twice the expected ones: a missing factor 1/2 (or a 2 too many)",
            "値が期待値のちょうど 2 倍です。係数 1/2 の抜け（または余分な 2）を確認してください"),
           (0.5, "your values are half the expected ones: an extra factor 1/2 (or a missing 2)",
            "値が期待値のちょうど半分です。余分な係数 1/2（または 2 の抜け）を確認してください"),
           (1 / math.log(2), "your values are in bits, the exercise asks for nats: use the natural log (torch.log), "
            "not log2", "値がビット単位です。課題はナット単位なので、log2 ではなく自然対数（torch.log）を使ってください"),
           (math.log(2), "your values are in nats where bits are expected (or the reverse): check the base of the log",
            "期待される単位と対数の底が違います。log の底を確認してください")]
    for n in sorted({int(s) for s in sizes if int(s) > 1}, reverse=True):
        out += [(float(n), f"your values are {n} times the expected ones: a sum over an axis of size {n} where the "
                 "exercise asks for the mean", f"値が期待値の {n} 倍です。平均を取るべき大きさ {n} の軸で和を取っています"),
                (1.0 / n, f"your values are 1/{n} of the expected ones: a mean over an axis of size {n} where the "
                 "exercise asks for the sum", f"値が期待値の 1/{n} です。和を取るべき大きさ {n} の軸で平均を取っています"),
                (n / (n - 1), f"your values are {n}/{n - 1} times the expected ones: division by N - 1 (unbiased) where "
                 f"the exercise divides by N = {n} (biased)",
                 f"値が期待値の {n}/{n - 1} 倍です。N = {n} で割るべきところを N - 1 で割っています（不偏と標本の取り違え）"),
                ((n - 1) / n, f"your values are {n - 1}/{n} of the expected ones: division by N = {n} (biased) where "
                 "the exercise divides by N - 1 (unbiased, like torch.var and numpy.cov)",
                 f"値が期待値の {n - 1}/{n} です。N - 1 で割るべき（不偏、torch.var や numpy.cov と同じ）ところを "
                 f"N = {n} で割っています"),
                (math.sqrt(n / (n - 1)), f"your values are sqrt({n}/{n - 1}) times the expected ones: an unbiased "
                 "standard deviation where the biased one is expected",
                 f"値が期待値の sqrt({n}/{n - 1}) 倍です。標本標準偏差の代わりに不偏標準偏差を使っています"),
                (math.sqrt((n - 1) / n), f"your values are sqrt({n - 1}/{n}) of the expected ones: a biased standard "
                 "deviation (unbiased=False) where the unbiased one (torch.std) is expected",
                 f"値が期待値の sqrt({n - 1}/{n}) 倍です。不偏標準偏差（torch.std）の代わりに標本標準偏差を使っています")]
    return out


_TRANSFORMS = (
    (lambda e: e * e, "your values are the square of the expected ones: a variance where a standard deviation is "
     "expected (std = sqrt(var) = exp(0.5 * logvar))",
     "値が期待値の 2 乗です。標準偏差が必要なところで分散を使っています（std = sqrt(var) = exp(0.5 * logvar)）"),
    (lambda e: e.sqrt(), "your values are the square root of the expected ones: a standard deviation where a "
     "variance is expected", "値が期待値の平方根です。分散が必要なところで標準偏差を使っています"),
    (lambda e: e.log(), "your values are the log of the expected ones: a log-variance (logvar) where a variance "
     "(or a probability) is expected", "値が期待値の対数です。分散（または確率）が必要なところで logvar を使っています"),
    (lambda e: e.exp(), "your values are exp of the expected ones: exp applied once too often (a variance where "
     "logvar is expected?)", "値が期待値の exp です。exp が 1 回多い可能性があります（logvar が必要なところで分散？）"),
    (lambda e: 0.5 * e.log(), "your values are half the log of the expected ones: a log-standard-deviation where a "
     "variance is expected", "値が期待値の対数の半分です。分散が必要なところで log(標準偏差) を使っています"),
    (lambda e: (2 * e).exp(), "your values are exp(2 x) of the expected ones: a log-standard-deviation treated as "
     "a log-variance", "値が期待値の exp(2x) です。log(標準偏差) を logvar として扱っています"),
    (lambda e: (0.5 * e).exp(), "your values are exp(x / 2) of the expected ones: logvar treated as a "
     "log-standard-deviation", "値が期待値の exp(x/2) です。logvar を log(標準偏差) として扱っています"),
)


def _same_shape(g: torch.Tensor, e: torch.Tensor, sizes: list[int], floating: bool = True) -> Optional[Message]:
    """``floating``: the student's output was a floating tensor (an index or an order is not
    explained by "the same values in another order": any permutation of indices is that)."""
    scale = float(e.abs().max()) if e.numel() else 0.0
    if scale == 0.0 or not bool(torch.isfinite(e).all()):
        return None
    # a constant factor
    c = float((g * e).sum() / (e * e).sum())
    if math.isfinite(c) and abs(c - 1) > 1e-3 and _close(g, c * e):
        for factor, en, ja in _factors(sizes):
            if abs(c - factor) <= 1e-4 * abs(factor):
                return _cause(en, ja)
        # an unnamed factor needs several values: any wrong scalar is "a constant times" the right one
        if abs(c) > 1e-6 and g.numel() >= 3:
            return _cause(f"your values are about {c:.2g} times the expected ones everywhere: a constant factor "
                          "(a scale, a normalisation or a unit)",
                          f"値がどこでも期待値の約 {c:.2g} 倍です。定数倍（スケール、正規化、単位）の違いです")
    # a constant offset
    d = (g - e)
    off = float(d.mean())
    if g.numel() >= 3 and abs(off) > ATOL * max(1.0, scale) and _close(g, e + off):
        return _cause(f"your values differ from the expected ones by the same constant everywhere (about {off:.1g}): "
                      "an extra epsilon, or a missing or extra constant term (such as log(2π) / 2)",
                      f"値がどこでも同じ定数（約 {off:.1g}）だけ期待値とずれています。余分な epsilon、または定数項"
                      "（log(2π) / 2 など）の抜けや余分を確認してください")
    # variance, std, log-variance
    with torch.no_grad():
        for f, en, ja in _TRANSFORMS:
            try:
                t = f(e)
            except Exception:  # noqa: BLE001
                continue
            if bool(torch.isfinite(t).all()) and not _close(t, e) and _close(g, t):
                return _cause(en, ja)
    # layouts: halves swapped, reversed, shifted by one, transposed
    for dim in range(e.dim()):
        n = e.shape[dim]
        if n < 2:
            continue
        if n % 2 == 0:
            swapped = torch.cat([e.narrow(dim, n // 2, n // 2), e.narrow(dim, 0, n // 2)], dim)
            if not _close(swapped, e) and _close(g, swapped):
                return _cause(f"the two halves along axis {dim} are swapped: your output has the right values in "
                              "the other order (for example [cos, sin] where [sin, cos] is expected)",
                              f"軸 {dim} に沿った前半と後半が入れ替わっています。値は正しく、順序が逆です"
                              "（例: [sin, cos] が必要なところで [cos, sin]）")
        flipped = e.flip(dim)
        if not _close(flipped, e) and _close(g, flipped):
            return _cause(f"your output is reversed along axis {dim}: the right values in the opposite order "
                          "(a timestep or index order reversed)",
                          f"出力が軸 {dim} に沿って逆順です。値は正しく、順序（時刻やインデックス）が逆です")
        if n >= 3:
            head, tail = e.narrow(dim, 0, n - 1), e.narrow(dim, 1, n - 1)
            if not _close(head, tail):
                if _close(g.narrow(dim, 1, n - 1), head) or _close(g.narrow(dim, 0, n - 1), tail):
                    return _cause(f"your values are shifted by one position along axis {dim}: an index or timestep "
                                  "off by one (t where t - 1 is meant, or the reverse)",
                                  f"値が軸 {dim} に沿って 1 つずれています。インデックスまたは時刻が 1 つずれています"
                                  "（t - 1 のところで t、またはその逆）")
    if e.dim() == 2 and e.shape[0] == e.shape[1] and not _close(e.T, e) and _close(g, e.T):
        return _cause("your output is the transpose of the expected one: rows and columns (or two arguments) "
                      "are swapped", "出力が期待値の転置です。行と列（または 2 つの引数）が入れ替わっています")
    # a clamp at 0 missing, or one too many (relu, max(cos, 0), the hinge)
    zero = e.abs() <= ATOL * max(1.0, scale)
    if bool(zero.any()) and not bool(zero.all()):
        if _close(g[~zero], e[~zero]) and bool((g[zero] < -ATOL * max(1.0, scale)).any()) \
                and bool((g[zero] <= ATOL * max(1.0, scale)).all()):
            return _cause("your values are right wherever the expected ones are above 0, and negative where "
                          "they are 0: a missing clamp at 0 (relu, clamp(min=0), max(·, 0))",
                          "期待値が 0 より大きいところでは値が正しく、期待値が 0 のところで負になっています。"
                          "0 でのクランプ（relu、clamp(min=0)、max(·, 0)）が抜けています")
    if bool((e < -ATOL * max(1.0, scale)).any()) and _close(g, e.clamp(min=0)):
        return _cause("your values are the expected ones clamped at 0: the formula has no clamp here (or the "
                      "clamp belongs elsewhere, e.g. inside a mean)",
                      "値が期待値を 0 でクランプしたものになっています。ここではクランプしません（または平均の内側など、"
                      "別の場所でクランプします）")
    # the right values in another order along one axis (a layout: interleaved for concatenated, sorted)
    if floating and not _close(g, e):  # (values that already match are in no other order)
        for dim in range(e.dim()):
            if e.shape[dim] >= 2 and _close(g.sort(dim).values, e.sort(dim).values):
                return _cause(f"your values are right but in another order along axis {dim}: a different layout "
                              "(for example interleaved [sin, cos, sin, cos, …] where [sin, …, cos, …] is "
                              "concatenated, or sorted values where the original order is kept)",
                              f"値は正しいのですが、軸 {dim} に沿った順序が違います。レイアウトの違いです"
                              "（例: [sin, …, cos, …] と連結するところを [sin, cos, sin, cos, …] と交互に並べた、"
                              "または元の順序のままにするところを並べ替えた）")
    return None


def _other_shape(g: torch.Tensor, e: torch.Tensor) -> Optional[Message]:
    want = _shape(e.shape)
    if g.numel() == e.numel() and g.numel() > 0:
        for perm in itertools.islice(itertools.permutations(range(g.dim())), 1, 24):
            if tuple(g.permute(perm).shape) == tuple(e.shape) and _close(g.permute(perm), e):
                return _cause(f"your values are right but the axes are in another order: they match after "
                              f".permute{perm} (the exercise's layout is {want})",
                              f"値は正しいのですが、軸の順序が違います。.permute{perm} で一致します（課題の形状は {want}）")
        if _close(g.reshape(e.shape), e):
            return _cause(f"your values are right but the shape is not: they match after .reshape{want} "
                          "(a missing or extra axis of size 1: keepdim, squeeze or unsqueeze?)",
                          f"値は正しいのですが形状が違います。.reshape{want} で一致します"
                          "（大きさ 1 の軸の過不足: keepdim、squeeze、unsqueeze？）")
    if g.dim() > e.dim() and g.numel() > e.numel():
        for how, fn in (("mean", torch.mean), ("sum", torch.sum)):
            if e.dim() == 0 and _close(fn(g), e):
                return _cause(f"your output has one value per element, the exercise asks for their {how}: "
                              f"reduce with .{how}()", f"出力が要素ごとの値のままです。課題はその{'平均' if how == 'mean' else '和'}"
                              f"です: .{how}() で集約してください")
            for dim in range(g.dim()):
                r = fn(g, dim=dim)
                if tuple(r.shape) == tuple(e.shape) and _close(r, e):
                    return _cause(f"the {how} over axis {dim} is missing: your output matches after .{how}(dim={dim})",
                                  f"軸 {dim} に沿った{'平均' if how == 'mean' else '和'}が抜けています。"
                                  f".{how}(dim={dim}) で一致します")
    return None


def _unstable(g: torch.Tensor, e: torch.Tensor, inputs: list) -> Optional[Message]:
    """NaN or inf in ``g`` where ``e`` is finite, only at some elements, where the inputs are
    extreme (magnitude >= :data:`EXTREME`): a formula that overflows (exp, log of 0, 0/0)."""
    bad = ~torch.isfinite(g) & torch.isfinite(e)
    if not bool(bad.any()) or (bool(bad.all()) and g.numel() > 1):
        return None  # NaN everywhere is another mistake than an overflow at extreme inputs
    floats = [x.detach().to("cpu", torch.float64) for x in inputs
              if isinstance(x, torch.Tensor) and x.is_floating_point() and x.numel()]
    same = [x for x in floats if tuple(x.shape) == tuple(g.shape)]
    if same and g.numel() > 1:  # an element-wise function: the inputs at the failing elements
        at_bad = max(float(x.abs()[bad].max()) for x in same)
        at_good = max(float(x.abs()[~bad].max()) for x in same)
        if at_bad < EXTREME or at_bad <= at_good:
            return None
        size = at_bad
    else:
        size = max((float(x.abs().max()) for x in floats), default=0.0)
        if size < EXTREME:
            return None
    return _cause(f"your output is NaN or inf at {int(bad.sum())} of {g.numel()} elements, where the inputs reach "
                  f"magnitude {size:.0f}: the formula overflows at extreme values (exp of a large number, log of 0, "
                  "0/0). Compute in log space: logsigmoid, logsumexp, softplus, BCE with logits",
                  f"{g.numel()} 要素中 {int(bad.sum())} 個が NaN または inf です。そこでは入力の大きさが {size:.0f} に"
                  "達しています。極端な値で式がオーバーフローしています（大きな数の exp、0 の log、0/0）。"
                  "対数のまま計算してください: logsigmoid、logsumexp、softplus、ロジットのままの BCE")


#: Input magnitudes from which a NaN or inf is called an instability of the formula.
EXTREME = 10.0


def explain(received: Any, expected: Any, input_sizes: Iterable[int] = (), inputs: Iterable[Any] = ()
            ) -> Optional[Message]:
    """A "Likely cause" line for a wrong ``received``, or None when no known transformation fits.

    Args:
        received: the student's output (tensor or number; plain, from the worker's reply).
        expected: the reference output.
        input_sizes: the sizes of the axes of the grader-built inputs of the call (the candidates
            for N in "sum instead of mean over an axis of size N").
        inputs: the grader-built tensor inputs of the call (for "unstable at extreme inputs").
    Never raises.
    """
    try:
        g = torch.as_tensor(received).detach().to("cpu", torch.float64)
        e = torch.as_tensor(expected).detach().to("cpu", torch.float64)
        if g.is_complex() or e.is_complex() or not bool(torch.isfinite(e).all()):
            return None
        if tuple(g.shape) != tuple(e.shape):
            return _other_shape(g, e)
        if not bool(torch.isfinite(g).all()):
            return _unstable(g, e, list(inputs))
        floating = torch.as_tensor(received).is_floating_point()
        return _same_shape(g, e, [int(s) for s in input_sizes], floating)
    except Exception:  # noqa: BLE001 - an explanation never turns a failure into a crash
        return None
