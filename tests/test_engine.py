"""The engine on broken submissions: each fault costs its exercise only, with a clear message."""
from __future__ import annotations

import json

import pytest

from autograder.engine import grade_path
from autograder.runconfig import RunConfig
from autograder.sandbox import Limits
from conftest import make_notebook

BROKEN = {
    # an infinite loop inside a function: the call times out, the worker restarts
    "interpolate_latents_code": "def interpolate_latents(z0, z1, num_steps, method='linear'):\n    while True:\n        pass\n",
    # a function that raises
    "train_step_code": "def train_step(model, optimizer, x, eps, loss_fn):\n    raise ValueError('boom from student')\n",
    # a missing function (cell emptied)
    "negative_elbo_code": "# I deleted my answer\n",
    # an infinite loop at top level: the cell is skipped, VAE stays undefined
    "vae_module_code": "while True:\n    pass\n",
    # a wrong shape (sum over the batch axis) for the Bernoulli loss, the Gaussian loss is right
    "reconstruction_loss_code": (
        "import math\nimport torch.nn.functional as F\n"
        "def bernoulli_recon_loss(logits, x):\n"
        "    return F.binary_cross_entropy_with_logits(logits, x, reduction='none').sum(dim=0)\n"
        "def gaussian_recon_loss(mean, x, logvar):\n"
        "    logvar = torch.as_tensor(logvar, dtype=mean.dtype)\n"
        "    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 / logvar.exp()).sum(-1)\n"),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    nb = make_notebook(tmp_path_factory.mktemp("broken") / "ch2_vae", BROKEN)
    config = RunConfig(isolation="basic", lang="en", limits=Limits(cell_seconds=4, call_seconds=4, startup_seconds=60))
    return grade_path(nb, config, assignment="ch2_vae")


def _messages(ex) -> str:
    return "\n".join(t.message.en for t in ex.tests if t.message)


def test_untouched_exercises_keep_full_marks(report):
    assert report.status == "graded"
    assert report.exercise("gaussian_kl").passed
    assert report.exercise("reparameterize").passed


def test_infinite_loop_in_function_times_out(report):
    ex = report.exercise("interpolate_latents")
    assert ex.score == 0
    assert "did not return within 4 s" in _messages(ex)


def test_raising_function_named_with_its_error(report):
    ex = report.exercise("train_step")
    assert ex.score == 0
    assert "ValueError: boom from student" in _messages(ex)


def test_missing_function_is_named(report):
    ex = report.exercise("negative_elbo")
    assert ex.score == 0
    assert "'negative_elbo' is not defined in your notebook" in _messages(ex)


def test_top_level_infinite_loop_skips_the_cell(report):
    assert report.exercise("vae_module").score == 0
    assert any("did not finish in time" in p.en for p in report.problems)
    assert any(c.status == "timeout" for c in report.cells)


def test_wrong_shape_costs_only_that_test(report):
    ex = report.exercise("reconstruction_loss")
    assert 0 < ex.score < ex.max_score
    assert "wrong shape" in _messages(ex)


@pytest.mark.parametrize("how", ["exit", "hang"])
def test_a_function_that_kills_or_hangs_its_worker_costs_what_a_raising_one_costs(tmp_path, how):
    """One broken function costs the tests that call it, never the rest of the submission.  (A cap of
    8 worker restarts for the whole submission used to make os._exit or an endless loop in gaussian_kl
    cost 25 of 29 points, against 8 for the same function raising; found by a fresh attacker.)"""
    body = {"exit": "    import os\n    os._exit(3)\n", "hang": "    while True:\n        pass\n"}[how]
    config = RunConfig(isolation="basic", lang="en", limits=Limits(call_seconds=1.5, cell_seconds=10))
    broken = grade_path(make_notebook(tmp_path / how, {"gaussian_kl_code": "def gaussian_kl(mu, logvar):\n" + body}),
                        config, assignment="ch2_vae")
    raising = grade_path(make_notebook(tmp_path / "raise", {
        "gaussian_kl_code": "def gaussian_kl(mu, logvar):\n    raise ValueError('broken')\n"}), config,
        assignment="ch2_vae")
    assert broken.status == raising.status == "graded"
    assert {e.grade_id: e.score for e in broken.exercises} == {e.grade_id: e.score for e in raising.exercises}
    assert raising.score >= 21
    assert "could not be started" not in json.dumps(broken.to_dict())
