"""The pytest plugin that runs a hidden suite against one submission.

Registered markers: ``points(n)`` (required on every test), ``grade_id(id)``
(module level: the grade cell the test scores), ``call_timeout(seconds)``, ``precision``
(the exercise is about precision: :mod:`autograder.tolerances`).
Fixtures: ``student``, ``check``, ``gen``, ``device``, ``lang``.
Each test's outcome becomes a :class:`autograder.results.CaseResult`; the
failure message shown to students is the :class:`GradingFailure` message only,
never a traceback of the hidden test (which would leak its source).
"""
from __future__ import annotations

import hashlib
import time
from typing import Optional

import pytest
import torch

from . import scoring
from .checks import Check
from .diagnosis import Diagnoser
from .messages import GradingFailure, Message, SuiteError, msg
from .proxy import Session, StudentProxy, served_note
from .results import CaseResult

MARKERS = (
    "points(n): points this test is worth (required)",
    "grade_id(id): the nbgrader grade cell this test scores",
    "call_timeout(seconds): wall-clock limit for each call into student code",
    "describe(en, ja): what the test checks, in the course's words (shown to students instead of the id)",
    "precision: the exercise is about numerical precision: no float32 floor on its tolerances (autograder.tolerances)",
    "visibility(level): Gradescope visibility of the test: visible (default), hidden, after_due_date, after_published",
    "upstream(**{function: grade_id}): the test may serve the reference of these notebook functions (error carried "
    "forward); it runs after every test of those exercises",
    "carried_from(*grade_ids): a value of this test may be credited from the student's own functions of these "
    "exercises (error carried forward); it runs after their tests, and the credit stands only if one of them lost points "
    "or the upstream values agree with the reference's here (autograder.carry.AGREE_RTOL)",
)

#: Gradescope's test visibility levels (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
VISIBILITY = ("visible", "hidden", "after_due_date", "after_published")


def visibility_of(item) -> str:
    """The ``visibility`` marker of a collected test (``visible`` without one)."""
    marker = item.get_closest_marker("visibility")
    return str(marker.args[0]) if marker is not None and marker.args else "visible"


def _param_text(value) -> str:
    if isinstance(value, torch.dtype):
        return str(value).replace("torch.", "")
    return str(value)[:40]


def describe_item(item) -> Optional[Message]:
    """The student-facing description of a collected test: its ``describe`` marker, with the
    parameters of a parametrized case appended ("… (n=20, c=5, dtype=float64)")."""
    marker = item.get_closest_marker("describe")
    if marker is None or len(marker.args) != 2:
        return None
    en, ja = (str(a) for a in marker.args)
    params = getattr(getattr(item, "callspec", None), "params", None) or {}
    if params:
        extra = ", ".join(f"{k}={_param_text(v)}" for k, v in params.items())
        en, ja = f"{en} ({extra})", f"{ja}（{extra}）"
    return msg(en, ja)


def seed_for(nodeid: str, salt: str = "") -> int:
    """A stable 31-bit seed from a test's id (file name and test name, not the folder) and the
    submission's ``salt`` (:func:`submission_salt`)."""
    key = nodeid.split("/")[-1] + "\0" + salt
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "little") & 0x7FFFFFFF


def submission_salt(sources: dict) -> str:
    """The salt of a submission's hidden inputs: a digest of the cells the grader executes.

    The ``gen`` fixture draws each test's random inputs from a seed of the test's id *and* this
    salt, so the same notebook always gets the same inputs (grades are identical from run to run,
    on CPU and GPU), while another notebook gets other ones.  What one submission learns about
    its hidden inputs (through its feedback, or by asking a served reference about them,
    :class:`autograder.proxy.ServedReference`) is therefore worth nothing in the next one: the
    answers of one submission's tests cannot be replayed in another."""
    h = hashlib.sha256(b"genmodels-lab hidden inputs v1")
    for index in sorted(sources):
        h.update(f"\0{index}\0".encode())
        h.update(str(sources[index]).encode())
    return h.hexdigest()[:32]


def upstreams_of(item) -> dict:
    """The ``upstream`` marker of a collected test: notebook function -> grade_id of its exercise."""
    marker = item.get_closest_marker("upstream")
    return {str(k): str(v) for k, v in marker.kwargs.items()} if marker is not None else {}


def carried_from(item) -> tuple:
    """The ``carried_from`` marker of a collected test: the grade_ids its carried-forward values come from."""
    marker = item.get_closest_marker("carried_from")
    return tuple(str(a) for a in marker.args) if marker is not None else ()


def grade_id_of(item) -> str:
    marker = item.get_closest_marker("grade_id")
    return str(marker.args[0]) if marker is not None and marker.args else ""


def upstream_order(items: list) -> list:
    """``items`` with every test of an exercise before any test that may serve its reference
    (``upstream`` marker), otherwise in collection order (a stable topological order).

    A served reference refuses the inputs of its exercise's own tests only once it has seen them
    (:class:`autograder.proxy.ServedReference`), and answers obtained from it are worth nothing once
    those tests are graded: so no test of an exercise may run after one that serves its reference.

    Raises:
        ValueError: the ``upstream`` markers form a cycle (a bug in the suite)."""
    by_gid: dict = {}
    for it in items:
        by_gid.setdefault(grade_id_of(it), []).append(it)
    done, out, visiting = set(), [], set()

    def visit(it) -> None:
        if id(it) in done:
            return
        if id(it) in visiting:
            raise ValueError(f"upstream markers form a cycle at {it.nodeid}")
        visiting.add(id(it))
        for gid in sorted((set(upstreams_of(it).values()) | set(carried_from(it))) - {grade_id_of(it)}):
            for dep in by_gid.get(gid, ()):
                visit(dep)
        visiting.discard(id(it))
        done.add(id(it))
        out.append(it)

    for it in items:
        visit(it)
    return out


def excused_message(quantities, sources=()) -> Message:
    """Why a test is excused (:mod:`autograder.scoring`): its values held only against what the
    student's own upstream functions give (error carried forward); ``sources``: the grade_ids of the
    exercises the credit comes from (named when known)."""
    what = ", ".join(f"`{q}`" for q in quantities)
    verb = "is" if len(quantities) == 1 else "are"
    where = ", ".join(f"`{s}`" for s in sources)
    en_from = f"your own functions of {where}" if where else "your own earlier functions"
    ja_from = f"あなた自身の {where} の関数" if where else "あなた自身の前の関数"
    return msg(f"Credited by error carried forward: {what} {verb} not the reference's value, but what {en_from} "
               "give on these inputs, so this exercise keeps its points. The mistake is graded in the exercise it "
               "comes from.",
               f"誤差の繰り越しで加点しました: {what} は模範解答の値と違いますが、{ja_from}から得られる値と"
               "一致するため、この課題の点は保たれます。間違いは、それが生じた課題で採点されます。")


def not_carried_message(quantities, sources) -> Message:
    """Why a value that matches the student's own upstream functions is not credited: those exercises
    passed every test, so the functions gave other values when they were graded."""
    what = ", ".join(f"`{q}`" for q in quantities)
    where = ", ".join(f"`{s}`" for s in sources)
    return msg(f"{what}: your value is not the reference's. It matches what your own functions of {where} give here, "
               "but those exercises passed all their tests: your functions behave differently here than when they "
               "were graded, so nothing is carried forward.",
               f"{what}: 値が模範解答と違います。ここでのあなたの {where} の関数の値とは一致しますが、それらの課題は"
               "すべてのテストに合格しています。採点時とここで関数の振る舞いが違うため、誤差の繰り越しは適用されません。")


def describe_exception(exc: BaseException) -> Message:
    """A student-readable message for an unexpected exception in a hidden test."""
    text = f"{type(exc).__name__}: {str(exc)[:500]}"
    return msg(f"The test could not evaluate your output ({text}). Check the return type and shape the exercise "
               "asks for.",
               f"出力を評価できませんでした（{text}）。課題が指定する戻り値の型と形状を確認してください。")


class GraderPlugin:
    """Collects scored outcomes for one session (one submission)."""

    def __init__(self, session: Session, *, device: str = "cpu", lang: str = "ja"):
        self._session = session
        self._device = device
        self._lang = lang
        self.outcomes: list[CaseResult] = []
        self.collect_errors: list[str] = []
        self._started: dict[str, float] = {}
        self._failed: dict[str, tuple] = {}
        self._points: dict[str, tuple] = {}
        self._salt: Optional[str] = None
        self._carried: dict[str, tuple] = {}

    # -- configuration -----------------------------------------------------
    def pytest_configure(self, config) -> None:
        # references are computed in this process: no TF32 in their matmuls (DESIGN, numerical policy)
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        for line in MARKERS:
            config.addinivalue_line("markers", line)

    # -- pytest-timeout, enforced from any thread -----------------------------
    # pytest-timeout's own methods do not fit a grader: "signal" needs the main thread (Dask runs
    # tasks in threads), and "thread" dumps stacks to the terminal writer (absent with
    # ``-p no:terminal``: its timer thread dies on an assertion) and then ``os._exit``s the whole
    # grader.  Its hooks are meant to be overridden: the test's deadline caps every wait on the
    # worker; past it the worker is killed and the test fails with a timeout message.
    def pytest_runtest_setup(self, item) -> None:
        self._session.current_grade_id = grade_id_of(item)
        self._session.current_upstreams = upstreams_of(item)
        self._session.served_notes = {}
        self._session.upstream_agreement = []

    @pytest.hookimpl(tryfirst=True, optionalhook=True)
    def pytest_timeout_set_timer(self, item, settings):
        self._session.begin_test(float(settings.timeout))
        return True

    @pytest.hookimpl(tryfirst=True, optionalhook=True)
    def pytest_timeout_cancel_timer(self, item):
        self._session.test_deadline = None
        return True

    # -- fixtures ------------------------------------------------------------
    @pytest.fixture
    def student(self, request) -> StudentProxy:
        marker = request.node.get_closest_marker("call_timeout")
        return StudentProxy(self._session, call_timeout=float(marker.args[0]) if marker else None)

    @pytest.fixture
    def check(self, request) -> Check:
        return Check(torch.device(self._device).type,
                     diagnose=Diagnoser(self._session.assignment, self._session.call_log, call=self._session.call,
                                        call_seconds=min(5.0, self._session.limits.call_seconds),
                                        withheld=self._session.config.withheld),
                     call_log=self._session.call_log,
                     precision=request.node.get_closest_marker("precision") is not None)

    @pytest.fixture
    def gen(self, request) -> torch.Generator:
        """The test's random inputs: seeded by the test's id and the submission (:func:`submission_salt`)."""
        if self._salt is None:
            self._salt = submission_salt(self._session.sources)
        return torch.Generator(device="cpu").manual_seed(seed_for(request.node.nodeid, self._salt))

    @pytest.fixture
    def device(self) -> torch.device:
        return torch.device(self._device)

    @pytest.fixture
    def lang(self) -> str:
        return self._lang

    # -- results ---------------------------------------------------------------
    def pytest_collectreport(self, report) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {str(report.longrepr)[-2000:]}")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if report.failed and item.nodeid not in self._failed:
            exc = call.excinfo.value if call.excinfo is not None else None
            self._failed[item.nodeid] = (report.when, exc)
        check = getattr(item, "funcargs", {}).get("check")
        if report.when == "call" and isinstance(check, Check) and check.carried:
            agreement = tuple(self._session.upstream_agreement)
            self._carried[item.nodeid] = (tuple(check.carried), carried_from(item), agreement)

    def pytest_runtest_logstart(self, nodeid, location) -> None:
        self._started[nodeid] = time.monotonic()

    def pytest_itemcollected(self, item) -> None:
        if item.get_closest_marker("points") is None:
            self.collect_errors.append(f"{item.nodeid}: no @pytest.mark.points marker")
        if item.get_closest_marker("grade_id") is None:
            self.collect_errors.append(f"{item.nodeid}: no grade_id marker")

    def pytest_runtest_logreport(self, report) -> None:
        # record once per test, after teardown
        if report.when != "teardown":
            return
        item_points = self._points.get(report.nodeid)
        if item_points is None:
            return
        points, grade_id, name, description, visibility = item_points
        failed = self._failed.get(report.nodeid)
        duration = time.monotonic() - self._started.get(report.nodeid, time.monotonic())
        # a dependent test that ran with references in place of some of the student's functions says so
        # (error carried forward, autograder.carry.dependent), passed or not
        note = served_note(self._session.served_notes)
        carried, sources, agreement = self._carried.get(report.nodeid, ((), (), ()))
        ran = {o.grade_id for o in self.outcomes if o.grade_id in sources}
        lost = tuple(s for s in sources if any(o.grade_id == s and not o.credited for o in self.outcomes))
        if failed is None and carried:
            if not sources:  # a suite bug: the plugin cannot tell where the credit comes from
                self.collect_errors.append(f"{report.nodeid}: carries a value forward without a carried_from marker")
            elif ran and not lost and not (agreement and all(ok for _, ok in agreement)):
                # every exercise the value would be carried from passed (when none ran, a selection of
                # tests, there is nothing to compare with), and the upstream values it was built from are
                # not the reference's here (a valid variant with an epsilon agrees to float32 precision):
                # the student's functions behave differently here than when they were graded (a function
                # that changes once its own tests are over, found by a fresh attacker): nothing is carried
                self.outcomes.append(CaseResult(
                    name, grade_id, 0.0, points, scoring.FAILED, not_carried_message(carried, sources), "carried",
                    duration, description, None, visibility))
                return
        if failed is None:
            status = scoring.EXCUSED if carried else scoring.PASSED
            message = excused_message(carried, lost or sources) if carried else None
            if note is not None:
                message = note if message is None else msg(f"{message.en}\n{note.en}", f"{message.ja}\n{note.ja}")
            self.outcomes.append(CaseResult(name, grade_id, scoring.test_points(status, points), points, status,
                                            message, None, duration, description, visibility=visibility))
            return
        when, exc = failed
        detail = None
        if isinstance(exc, SuiteError):  # ours, not the student's: the submission becomes a grader_error
            self.collect_errors.append(f"{report.nodeid}: {type(exc).__name__}: {str(exc)[:500]}")
            message, kind, status = msg("Not graded: a grader error (not your code).",
                                        "採点されていません: 採点システムのエラーです（あなたのコードの問題ではありません）。"), \
                "grader_error", "error"
        elif isinstance(exc, GradingFailure):
            message, kind, status, detail = exc.message, exc.kind, "failed", exc.detail
        elif exc is not None and type(exc).__name__ == "Failed" and "Timeout" in str(exc):
            message, kind, status = msg("The test ran out of time.", "テストが制限時間を超えました。"), "timeout", "failed"
        elif exc is not None:
            message, kind, status = describe_exception(exc), "error", "error"
        else:
            message, kind, status = msg("The test failed.", "テストに失敗しました。"), "error", "error"
        if note is not None:
            message = msg(f"{message.en}\n{note.en}", f"{message.ja}\n{note.ja}")
        self.outcomes.append(CaseResult(name, grade_id, scoring.test_points(status, points), points, status, message,
                                        kind, duration, description, detail, visibility))

    def pytest_collection_modifyitems(self, session, config, items) -> None:
        try:  # every test of a served exercise before the tests that may serve its reference
            items[:] = upstream_order(items)
        except ValueError as exc:
            self.collect_errors.append(str(exc))
        self._points = {}
        for item in items:
            pm = item.get_closest_marker("points")
            gm = item.get_closest_marker("grade_id")
            if pm is None or gm is None:
                continue
            if visibility_of(item) not in VISIBILITY:
                self.collect_errors.append(f"{item.nodeid}: visibility must be one of {', '.join(VISIBILITY)}")
            self._points[item.nodeid] = (float(pm.args[0]), str(gm.args[0]), item.name, describe_item(item),
                                         visibility_of(item))
