"""Visible checks for the released notebooks (``with sanity_check("gaussian_kl"): ...``).

Each check prints one polite line (✅ / ⏳ / ❌, in Japanese and English) instead of a traceback
wall, and writes failures to stderr so that ``nbgrader validate`` and JupyterLab's Validate button
report every unimplemented or failing exercise by name.
"""
from __future__ import annotations

import contextlib
import sys
import traceback
from typing import Iterator

__all__ = ["sanity_check"]


class _Outcome:
    """What happened inside a :func:`sanity_check` block (``ok`` is True on success)."""

    def __init__(self) -> None:
        self.ok = False
        self.reason = ""


@contextlib.contextmanager
def sanity_check(name: str, *, stream=None, fail_stream=None) -> Iterator[_Outcome]:
    """Run a visible check politely, and tell nbgrader the truth.

    Args:
        name: the exercise name printed in the message (e.g. ``"gaussian_kl"``).
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
    except NotImplementedError:
        outcome.reason = "not implemented"
        print(f"⏳ {name}: まだ実装されていません / not implemented yet "
              "(replace `raise NotImplementedError()` with your code)", file=fail)
    except AssertionError as exc:
        outcome.reason = str(exc)
        print(f"❌ {name}: 確認に失敗しました / check failed: {exc}", file=fail)
    except Exception as exc:  # noqa: BLE001 - a visible check reports every error politely
        outcome.reason = f"{type(exc).__name__}: {exc}"
        where = ""
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith("<")
                  or "ipykernel" in f.filename or "/tmp/" in f.filename]
        if frames:
            where = f" (line {frames[-1].lineno}: {frames[-1].line})"
        print(f"❌ {name}: 例外が発生しました / raised {type(exc).__name__}: {exc}{where}", file=fail)
    else:
        outcome.ok = True
        print(f"✅ {name}: 基本チェック合格 / sanity check passed "
              "(採点は別の入力を使う隠しテストで行います / grading uses hidden tests with other inputs)",
              file=out)
