"""Score integrity: a cheat never gains a point (issues "Score integrity" and "Carried-forward credit").

* the tolerance follows the dtype the exercise specifies, never the dtype the student returns;
* the worker's results are claims: the release stubs of every chapter, combined with each
  "patch the worker" attack (tests/integrity/corpus.py), score 0 on every exercise, under basic
  and under strict;
* degenerate answers (zeros, ones, a constant, random values, ``full_like(expected, mean)``, the
  input unchanged) score 0 on their exercise, also as upstreams of error carried forward.

The default run grades every attack once per chapter under strict (basic is ``slow``), and every
degenerate kind with all the exercises of a chapter replaced at once; ``slow`` adds one
notebook per (exercise, kind).  Notebooks are graded through the batch path in one pool.
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "integrity"))
import corpus  # noqa: E402

from autograder.batch import GradeTask, grade_tasks  # noqa: E402
from autograder.runconfig import RunConfig  # noqa: E402
from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # each fixture grades many submissions in one pool: each grading has its own bound


def strict_unavailable():
    from autograder.sandbox.strict import StrictUnavailable, check_available

    try:
        check_available()
    except StrictUnavailable as exc:
        return str(exc)
    return None


def _grade(tmp: Path, notebooks: dict, isolation: str = "basic") -> dict:
    """name -> (assignment, notebook) graded in one pool; name -> GradeReport."""
    tasks = []
    for name, (assignment, nb) in notebooks.items():
        path = tmp / assignment / name / "submission.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        tasks.append(GradeTask(str(path), assignment, name, RunConfig(isolation=isolation, lang="en")))
    reports = grade_tasks(tasks, workers=2, force=True)
    return {t.student: r for t, r in zip(tasks, reports)}


def _scores(report) -> dict:
    return {e.grade_id: e.score for e in report.exercises}


def _explain(report) -> str:
    lines = []
    for e in report.exercises:
        for t in e.tests:
            if t.status == "passed":
                lines.append(f"{e.grade_id}: {t.name} passed ({t.score:g})")
    err = report.grader_error.en[:500] if report.grader_error else ""
    return "; ".join(lines) + (f" | grader error: {err}" if err else "")


# -- 1. the received dtype never chooses the tolerance ------------------------------------------------
KL_WRONG = '''
def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    kl = 1.015 * (-0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1))
    return kl{cast}
'''


def _kl_notebook(cast: str):
    nb = copy.deepcopy(corpus.source_nb("ch2_vae"))
    for c in nb.cells:
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "gaussian_kl_code":
            c.source = KL_WRONG.format(cast=cast)
    return nb


CASTS = {"same": "", "bfloat16": ".to(torch.bfloat16)", "float16": ".to(torch.float16)",
         "float32": ".to(torch.float32)"}


@pytest.fixture(scope="module")
def dtype_run(tmp_path_factory):
    nbs = {f"kl-{k}": ("ch2_vae", _kl_notebook(v)) for k, v in CASTS.items()}
    return _grade(tmp_path_factory.mktemp("dtype"), nbs)


@pytest.mark.parametrize("cast", ["bfloat16", "float16", "float32"])
def test_lower_precision_output_never_loosens_the_tolerance(dtype_run, cast):
    honest = dtype_run["kl-same"]
    cheat = dtype_run[f"kl-{cast}"]
    kl_honest = honest.exercise("gaussian_kl")
    kl_cheat = cheat.exercise("gaussian_kl")
    assert kl_honest.score < kl_honest.max_score, _explain(honest)  # 1.5 % off is caught in float64
    assert kl_cheat.score <= kl_honest.score, _explain(cheat)
    assert cheat.score <= honest.score
    # the message names the dtype, not only the value
    messages = " ".join(t.message.en for t in kl_cheat.tests if t.message)
    assert "wrong dtype" in messages and "inputs" in messages, messages


def test_spec_dtype_follows_the_inputs_not_the_output():
    import torch

    from autograder.checks import Check
    from autograder.diagnosis import CallLog
    from autograder.messages import GradingFailure

    log = CallLog()
    check = Check("cpu", call_log=log)
    x64 = torch.ones(3, dtype=torch.float64)
    expected = torch.full((3,), 2.0, dtype=torch.float64)
    for dtype in (torch.bfloat16, torch.float16, torch.float32):
        got = (expected * 1.001).to(dtype)  # within bfloat16's tolerance, far outside float64's
        log.record(got, ({"global": "f"}, None, (x64,), {}))
        assert check.spec_dtype(got, expected) == torch.float64
        with pytest.raises(GradingFailure) as info:
            check.close("y", got, expected)
        assert info.value.kind == "dtype"
    # a float32 exercise keeps float32's tolerance, whatever the student returns
    x32 = torch.ones(3)
    got = (expected * (1 + 3e-5)).double()
    log.record(got, ({"global": "f"}, None, (x32,), {}))
    check.close("y", got, expected)
    # the data input decides, not a float64 schedule that follows it (ch4: x_t float32, alphas_cumprod float64)
    ac = torch.linspace(0.9, 0.1, 5, dtype=torch.float64)
    got = (expected * (1 + 3e-5)).float()
    log.record(got, ({"global": "f"}, None, (x32, 3, ac), {}))
    assert check.spec_dtype(got, expected) == torch.float32
    check.close("y", got, expected)
    # and an explicit out_dtype wins over the inputs
    got = (expected * (1 + 3e-5)).float()
    log.record(got, ({"global": "f"}, None, (x64,), {}))
    check.close("y", got, expected, out_dtype=torch.float32)
    with pytest.raises(GradingFailure) as info:
        check.close("y", got, expected)
    assert info.value.kind == "dtype"


# -- 2. patch-the-worker attacks on the release stubs ---------------------------------------------------
def _patch_notebooks(pairs=None) -> dict:
    """name -> (assignment, patched release); every chapter x every patch unless ``pairs`` names some."""
    pairs = pairs or [(a, p) for a in corpus.ASSIGNMENTS for p in corpus.PATCHES]
    return {f"{a}-{p}": (a, corpus.patched_release(a, p)) for a, p in pairs}


#: The default run's patch attacks: the oracle (it forges every exercise, so it is tried on every
#: chapter), and each other patch on a chapter whose graded code goes through what it patches
#: (autograd.grad: the gradient penalties; backward and the optimizers: train_step; Module.__call__:
#: the DCGAN modules; the wire: every chapter alike).  `make test-all` tries every patch on every chapter.
DEFAULT_PATCHES = [(a, "harness_oracle") for a in corpus.ASSIGNMENTS] + [
    ("ch3_gan", "autograd_grad"), ("ch2_vae", "tensor_backward"), ("ch3_gan", "module_call"),
    ("ch2_vae", "optimizer_step"), ("ch1_fundamentals", "wire_encoder")]


def _assert_all_zero(reports: dict) -> None:
    bad = {name: _explain(r) for name, r in reports.items() if r.score != 0 or r.grader_error is not None}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())


@pytest.mark.strict
def test_patched_worker_stubs_score_zero_strict(tmp_path):
    reason = strict_unavailable()
    if reason:
        pytest.skip(f"strict isolation unavailable: {reason}")
    _assert_all_zero(_grade(tmp_path, _patch_notebooks(DEFAULT_PATCHES), "strict"))


@pytest.mark.slow
@pytest.mark.strict
def test_every_patch_on_every_chapter_scores_zero_strict(tmp_path):
    reason = strict_unavailable()
    if reason:
        pytest.skip(f"strict isolation unavailable: {reason}")
    _assert_all_zero(_grade(tmp_path, _patch_notebooks(), "strict"))


@pytest.mark.slow
def test_patched_worker_stubs_score_zero_basic(tmp_path):
    _assert_all_zero(_grade(tmp_path, _patch_notebooks(), "basic"))


# -- 3. degenerate answers ------------------------------------------------------------------------------------
def _degenerate_expectations(reports: dict, cases: dict) -> list:
    bad = []
    for name, (assignment, kind, exercises) in cases.items():
        r = reports[name]
        if r.grader_error is not None:
            bad.append(f"{name}: grader error {r.grader_error.en[:300]}")
            continue
        for ex in exercises:
            if (assignment, ex, kind) in corpus.CONSTANT_IS_RIGHT:
                continue
            e = r.exercise(ex)
            if e.score != 0:
                passed = [f"{t.name} ({t.score:g})" for t in e.tests if t.status == "passed"]
                bad.append(f"{name}: {ex} scored {e.score:g}/{e.max_score:g} with a {kind} answer: {', '.join(passed)}")
    return bad


def _whole_chapters(pairs) -> tuple[dict, dict]:
    cases, nbs = {}, {}
    for a, kind in pairs:
        exercises = tuple(corpus.solution_cells(a))
        name = f"{a}-all-{kind}"
        cases[name] = (a, kind, exercises)
        nbs[name] = (a, corpus.degenerate_source(a, kind, exercises))
    return cases, nbs


def test_degenerate_answers_for_whole_chapters_score_zero(tmp_path):
    """Every exercise of a chapter degenerate at once: no carried-forward credit from a degenerate
    upstream.  The default run tries every kind once and every chapter at least once (a diagonal of
    the chapters x kinds matrix); the whole matrix is the slow test below."""
    pairs = [(corpus.ASSIGNMENTS[i % len(corpus.ASSIGNMENTS)], kind) for i, kind in enumerate(corpus.DEGENERATE)]
    assert {a for a, _ in pairs} == set(corpus.ASSIGNMENTS) and {k for _, k in pairs} == set(corpus.DEGENERATE)
    cases, nbs = _whole_chapters(pairs)
    bad = _degenerate_expectations(_grade(tmp_path, nbs), cases)
    assert not bad, "\n".join(bad)


@pytest.mark.slow
def test_degenerate_answers_for_whole_chapters_every_kind_score_zero(tmp_path):
    cases, nbs = _whole_chapters([(a, k) for a in corpus.ASSIGNMENTS for k in corpus.DEGENERATE])
    bad = _degenerate_expectations(_grade(tmp_path, nbs), cases)
    assert not bad, "\n".join(bad)


@pytest.mark.slow
def test_degenerate_answer_per_exercise_scores_zero(tmp_path):
    """One exercise degenerate, the rest correct: that exercise scores 0 (6 kinds x 55 exercises)."""
    cases, nbs = {}, {}
    for a in corpus.ASSIGNMENTS:
        for ex in corpus.solution_cells(a):
            for kind in corpus.DEGENERATE:
                name = f"{a}-{ex}-{kind}"
                cases[name] = (a, kind, (ex,))
                nbs[name] = (a, corpus.degenerate_source(a, kind, (ex,)))
    bad = _degenerate_expectations(_grade(tmp_path, nbs), cases)
    assert not bad, "\n".join(bad)


# -- 4. the reported ch2 notebook --------------------------------------------------------------------------------
CH2_NO_REAL_CODE = {
    "reconstruction_loss_code": '''
def bernoulli_recon_loss(logits, x):
    return torch.zeros(x.shape[0], dtype=x.dtype)

def gaussian_recon_loss(mean, x, logvar):
    return torch.zeros(x.shape[0], dtype=x.dtype)
''',
    "gaussian_kl_code": '''
def gaussian_kl(mu, logvar):
    return torch.zeros(mu.shape[0], dtype=mu.dtype)
''',
    "negative_elbo_code": '''
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    return torch.zeros((), dtype=x.dtype)
''',
    "vae_module_code": '''
class VAE(nn.Module):
    def __init__(self, input_dim=64, hidden_dim=128, latent_dim=2):
        super().__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc21 = nn.Linear(hidden_dim, latent_dim)
        self.fc22 = nn.Linear(hidden_dim, latent_dim)
        self.fc3 = nn.Linear(latent_dim, hidden_dim)
        self.fc4 = nn.Linear(hidden_dim, input_dim)

    def encode(self, x):
        return torch.zeros(x.shape[0], self.fc21.out_features), torch.zeros(x.shape[0], self.fc22.out_features)

    def decode(self, z):
        return torch.zeros(z.shape[0], self.fc4.out_features)

    def forward(self, x, eps=None):
        # not a VAE: an autoencoder through a linear bottleneck, no sampling, no logvar in the path
        h = torch.relu(self.fc1(x))
        return self.fc4(torch.relu(self.fc3(self.fc21(h)))), torch.zeros_like(self.fc21(h)), torch.zeros_like(self.fc22(h))
''',
}


def ch2_no_real_code():
    nb = copy.deepcopy(corpus.release_nb("ch2_vae"))
    for c in nb.cells:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in CH2_NO_REAL_CODE:
            c.source = CH2_NO_REAL_CODE[gid]
    return nb


@pytest.mark.parametrize("isolation", ["basic", pytest.param("strict", marks=pytest.mark.strict)])
def test_reported_ch2_notebook_without_real_code_scores_zero(tmp_path, isolation):
    if isolation == "strict":
        reason = strict_unavailable()
        if reason:
            pytest.skip(f"strict isolation unavailable: {reason}")
    report = _grade(tmp_path, {"no-real-code": ("ch2_vae", ch2_no_real_code())}, isolation)["no-real-code"]
    assert report.score == 0, _explain(report)


# -- 5. a colluding upstream (found by a fresh-user trial) ---------------------------------------------------------
COLLUSION = {
    "negative_elbo_code": '''
_LAST = []
def negative_elbo(logits, x, mu, logvar, beta=1.0):
    # computes nothing: remembers its inputs and returns a constant
    _LAST.append((logits.detach().clone(), x.detach().clone(), mu.detach().clone(), logvar.detach().clone(), beta))
    return torch.zeros((), dtype=logits.dtype, device=logits.device) + 1.0
''',
    "gaussian_kl_code": '''
def gaussian_kl(mu, logvar):
    # a correct KL, except on inputs negative_elbo has seen: then whatever makes "recon + beta * KL" equal 1.0
    for (lg, xx, m, lv, beta) in globals().get("_LAST", []):
        if m.shape == mu.shape and torch.equal(m.to(mu.dtype), mu.detach()) and torch.equal(lv.to(mu.dtype), logvar.detach()):
            r = bernoulli_recon_loss(lg.to(mu.dtype), xx.to(mu.dtype))
            return (1.0 - r) / beta
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)
''',
}


def test_an_upstream_that_remembers_the_dependents_inputs_earns_nothing(tmp_path):
    """Carried-forward values are fixed before the dependent function sees the inputs, so a KL that
    remembers negative_elbo's inputs cannot make a constant ELBO match (honest score: 29 - 4)."""
    nb = copy.deepcopy(corpus.source_nb("ch2_vae"))
    for c in nb.cells:
        gid = c.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if gid in COLLUSION:
            c.source = COLLUSION[gid]
    report = _grade(tmp_path, {"collusion": ("ch2_vae", nb)})["collusion"]
    assert report.exercise("negative_elbo").score == 0, _explain(report)
    assert report.score == 25, _explain(report)
