"""Visible checks for the released notebooks (``with sanity_check("gaussian_kl"): ...``).

Each check prints one polite line (✅ / ⏳ / ❌, in Japanese and English) instead of a traceback
wall, and writes failures to stderr so that ``nbgrader validate`` and JupyterLab's Validate button
report every unimplemented or failing exercise by name.
"""
from __future__ import annotations

import contextlib
import sys
import traceback
from typing import Iterator, Sequence

__all__ = ["sanity_check"]


def _also_uses(requires: Sequence[str]) -> str:
    if not requires:
        return ""
    names = ", ".join(requires)
    return f"（この確認は {names} も使います。先にそれらの確認が ✅ か見てください / this check also uses {names}: make sure their checks pass）"


class _Outcome:
    """What happened inside a :func:`sanity_check` block (``ok`` is True on success)."""

    def __init__(self) -> None:
        self.ok = False
        self.reason = ""


def _raised_by(exc: BaseException) -> str:
    """The name of the function (or class, for a method) whose code raised ``exc``: the innermost
    frame of its traceback ("beta_schedule", "Encoder" for ``Encoder.forward``)."""
    tb = exc.__traceback__
    if tb is None:
        return ""
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    qualname = getattr(code, "co_qualname", code.co_name)  # "Encoder.forward", "outer.<locals>.inner"
    return qualname.split("<locals>.")[-1].split(".")[0]


@contextlib.contextmanager
def sanity_check(name: str, *, requires: Sequence[str] = (), stream=None, fail_stream=None) -> Iterator[_Outcome]:
    """Run a visible check politely, and tell nbgrader the truth.

    Args:
        name: the exercise name printed in the message (e.g. ``"gaussian_kl"``).
        requires: the functions and classes of *earlier* exercises that this check also calls
            (written into the released notebook by ``autograder.authoring.NotebookBuilder``, which
            computes them from the reference solutions).  When one of them is still the stub, the
            message names it ("implement beta_schedule first") instead of blaming this exercise;
            when this check fails otherwise, the message says that it also uses them.
        stream: where the success line goes (default ``sys.stdout``).
        fail_stream: where a failure line goes (default ``sys.stderr``).

    Yields:
        an outcome object whose ``ok`` is True when the block finished.

    Exceptions raised inside the block are not propagated (so *Restart & Run All* goes on to the
    next exercise): ``NotImplementedError`` prints "not implemented yet", ``AssertionError`` its
    message, any other exception its type, message and the line of the student's code.  That
    one line is written to **stderr**: nbgrader's ``determine_grade`` (used by ``nbgrader
    validate`` and JupyterLab's Validate button) counts a grade cell with a stderr output as
    failed, so validate reports every unimplemented or failing exercise by name instead of
    "Success!".  Output the student's code writes to stderr inside the block (a torch
    ``UserWarning``) goes to stdout, so it never fails a correct check.
    ``KeyboardInterrupt`` and ``SystemExit`` do propagate.
    Passing this check does not mean full marks: the hidden tests use other inputs.
    """
    import warnings

    out = stream if stream is not None else sys.stdout
    fail = fail_stream if fail_stream is not None else sys.stderr
    outcome = _Outcome()
    try:
        with contextlib.redirect_stderr(out), warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda m, c, f, ln, file=None, line=None: print(
                f"{c.__name__}: {m}", file=out)
            yield outcome
    except NotImplementedError as exc:
        upstream = _raised_by(exc)
        if upstream in requires and upstream != name:
            outcome.reason = f"requires {upstream}"
            print(f"⏳ {name}: 先に {upstream} を実装してください / implement {upstream} first "
                  "(この確認で使います / this check uses it)", file=fail)
        else:
            outcome.reason = "not implemented"
            print(f"⏳ {name}: まだ実装されていません / not implemented yet "
                  "(replace `raise NotImplementedError()` with your code)", file=fail)
    except AssertionError as exc:
        outcome.reason = str(exc)
        print(f"❌ {name}: 確認に失敗しました / check failed: {exc}{_also_uses(requires)}", file=fail)
    except Exception as exc:  # noqa: BLE001 - a visible check reports every error politely
        outcome.reason = f"{type(exc).__name__}: {exc}"
        where = ""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<")
                  or "ipykernel" in f.filename or "/tmp/" in f.filename]
        if frames:
            where = f" (line {frames[-1].lineno}: {frames[-1].line})"
        if isinstance(exc, NameError):  # most often: the cell that defines it failed (a SyntaxError)
            where += ("（定義するセルをもう一度実行し、エラーが出ないか確認してください / "
                      "run the cell that defines it again and check that it shows no error）")
        print(f"❌ {name}: 例外が発生しました / raised {type(exc).__name__}: {exc}{where}{_also_uses(requires)}",
              file=fail)
    else:
        outcome.ok = True
        print(f"✅ {name}: 基本チェック合格 / sanity check passed "
              "(採点は別の入力を使う隠しテストで行います / grading uses hidden tests with other inputs)",
              file=out)
