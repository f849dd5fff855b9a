"""Reported case C08 (../shared/cases/README.md): Gaussian KL in the log-variance parameterization.

mu = 1, sigma = 2 (logvar = ln 4): KL(N(1, 2²) || N(0, 1)) = 1.306853.
The two failure modes are catalogued mistakes of ``gaussian_kl``:
``mistake_c08_logvar_as_log_std`` (6.613706) and ``mistake_c08_log_std_passed_as_logvar``
(0.653426, the caller mistake modelled as an implementation that uses σ where σ²
belongs, i.e. halves logvar).
(a) the reference value; (b) both mistakes, graded through the batch path with
:func:`autograder.validity.check_entries`, are caught, and the feedback of the
failing test names the KL.
"""
from __future__ import annotations

import math

import pytest
import torch

import solutions.ch2_vae as ref
from autograder import catalogue, validity

from conftest import many_gradings  # noqa: E402

pytestmark = many_gradings  # one fixture grades many submissions: each grading has its own bound

MU, LOGVAR = 1.0, math.log(4.0)
C08_SLUGS = {"c08_logvar_as_log_std": 6.613706, "c08_log_std_passed_as_logvar": 0.653426}


def _variant(slug: str) -> catalogue.Variant:
    return catalogue.find("ch2_vae", "gaussian_kl", "mistake", slug)


def _mistake_fn(variant: catalogue.Variant):
    ns = {"torch": torch, "math": math}
    exec(compile(variant.source, str(variant.path), "exec"), ns)  # noqa: S102 - our own catalogue
    return ns["gaussian_kl"]


def test_case_c08_reference_value():
    kl = ref.gaussian_kl(torch.tensor([[MU]], dtype=torch.float64), torch.tensor([[LOGVAR]], dtype=torch.float64))
    assert kl.shape == (1,)
    assert float(kl[0]) == pytest.approx(1.306853, abs=1e-6)


@pytest.mark.parametrize("slug", sorted(C08_SLUGS))
def test_case_c08_mistakes_give_the_reported_values(slug):
    fn = _mistake_fn(_variant(slug))
    kl = fn(torch.tensor([[MU]], dtype=torch.float64), torch.tensor([[LOGVAR]], dtype=torch.float64))
    assert float(kl[0]) == pytest.approx(C08_SLUGS[slug], abs=1e-6)


@pytest.mark.slow
def test_case_c08_mistakes_are_caught_with_a_kl_message(monkeypatch):
    reports = {}
    real_judge = validity.judge

    def spy(variant, report):
        reports[variant.slug] = report
        return real_judge(variant, report)

    monkeypatch.setattr(validity, "judge", spy)
    variants = [_variant(slug) for slug in sorted(C08_SLUGS)]
    verdicts = validity.check_entries(variants, workers=2)
    for verdict in verdicts:
        assert verdict.ok, f"{verdict.variant.id}: {verdict.detail}"
        assert verdict.score < verdict.max_score
        exercise = reports[verdict.variant.slug].exercise("gaussian_kl")
        c08 = [t for t in exercise.tests if "c08" in t.name]
        assert c08 and c08[0].status != "passed", f"{verdict.variant.id}: test_case_c08 did not fail"
        assert c08[0].message is not None and "KL" in c08[0].message.en, c08[0].message
        # the catalogued mistake is named in the feedback (diagnosis)
        assert "Likely cause:" in c08[0].message.en, c08[0].message.en
