"""Hidden tests: negative_elbo (mean over the batch of recon + beta * KL).

Error carried forward: a value equal to the student's own recon + beta * KL
(from their bernoulli_recon_loss and gaussian_kl) is also accepted, so a wrong
KL loses the points of gaussian_kl only; a component that raises or has another
shape is replaced by the reference for negative_elbo's call (autograder.carry.dependent).
"""
import pytest
import torch

import solutions.ch2_vae as ref
from autograder.carry import Upstream, dependent, own_or_reference

pytestmark = [pytest.mark.grade_id("negative_elbo"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(bernoulli_recon_loss="reconstruction_loss", gaussian_kl="gaussian_kl"),
              pytest.mark.carried_from("reconstruction_loss", "gaussian_kl")]

HINT_EN = ("negative ELBO = mean over the batch of [sum_d BCE-with-logits + beta * KL]: sum over features and latent "
           "dimensions, mean over the batch; beta multiplies only the KL term")
HINT_JA = ("負の ELBO = バッチ平均 [Σ_d BCE（ロジット）+ beta * KL]。特徴量と潜在次元は和、バッチは平均。"
           "beta は KL 項だけにかけます")


def _inputs(gen, b, d, j, dtype=torch.float64):
    logits = torch.randn(b, d, generator=gen, dtype=dtype) * 3
    x = torch.rand(b, d, generator=gen, dtype=dtype)
    mu = torch.randn(b, j, generator=gen, dtype=dtype)
    logvar = torch.randn(b, j, generator=gen, dtype=dtype) * 0.5
    return logits, x, mu, logvar


def _check_ecf(student, check, quantity, call, args, beta, call_args=None):
    """Grade ``call()`` (the student's negative_elbo on ``args``) against the reference, or the value
    carried forward from the student's own components.

    Each component (reconstruction, KL) is the student's own only where it is informative
    (:func:`autograder.carry.informative`); a stub, a crash or a degenerate component (zeros,
    a constant, the input unchanged...) is replaced by the reference component, so an ELBO of
    zeros built from zero components earns nothing.  The components are evaluated *before*
    negative_elbo sees these inputs, so a KL that remembers negative_elbo's inputs cannot make
    the carried-forward value match whatever negative_elbo returned.  ``call_args``: the inputs
    ``call`` passes (default ``args``; the float32 case grades against float64 ``args``).
    Returns the output."""
    real = args if call_args is None else call_args
    expected = ref.negative_elbo(*args, beta=beta)
    recon = own_or_reference(student.bernoulli_recon_loss, ref.bernoulli_recon_loss, args[:2])
    kl = own_or_reference(student.gaussian_kl, ref.gaussian_kl, args[2:])
    try:
        own = (torch.as_tensor(recon, dtype=torch.float64) + beta * torch.as_tensor(kl, dtype=torch.float64)).mean()
    except Exception:  # noqa: BLE001 - components of the wrong kind: judge against the reference only
        own = None
    # a component that cannot be used (raises, a stub, another shape) is replaced by the reference for
    # negative_elbo's own call (autograder.carry.dependent): one mistake costs one exercise
    proxy, _replaced = dependent(
        student,
        Upstream("bernoulli_recon_loss", ref.bernoulli_recon_loss,
                 (student.bernoulli_recon_loss, ref.bernoulli_recon_loss, real[:2])),
        Upstream("gaussian_kl", ref.gaussian_kl, (student.gaussian_kl, ref.gaussian_kl, real[2:])))
    out = call(proxy)
    check.close_any(quantity, out, [expected, own], hint_en=HINT_EN, hint_ja=HINT_JA)
    return out


@pytest.mark.describe("negative ELBO on random inputs", "ランダムな入力での負の ELBO")
@pytest.mark.points(2)
def test_matches_reference(student, check, gen):
    for b, d, j in [(1, 4, 2), (8, 64, 2), (5, 9, 3)]:
        args = _inputs(gen, b, d, j)
        _check_ecf(student, check, "negative ELBO", lambda s: s.negative_elbo(*args), args, 1.0)
    args = _inputs(gen, 6, 10, 4, torch.float32)
    _check_ecf(student, check, "negative ELBO (float32)", lambda s: s.negative_elbo(*args),
               tuple(a.double() for a in args), 1.0, call_args=args)


@pytest.mark.describe("beta weights only the KL term", "beta は KL 項だけに掛かる")
@pytest.mark.points(1)
def test_beta_weights_only_kl(student, check, gen):
    args = _inputs(gen, 7, 12, 3)
    _check_ecf(student, check, "negative ELBO with beta = 4", lambda s: s.negative_elbo(*args, beta=4.0), args, 4.0)


@pytest.mark.describe("returns one scalar (mean over the batch)", "スカラー 1 つ（バッチ平均）を返す")
@pytest.mark.points(1)
def test_returns_scalar(student, check, gen):
    """A 0-dim tensor, and the right one: a constant scalar (a stub's zero) has the shape but not the value."""
    args = _inputs(gen, 3, 5, 2)
    out = _check_ecf(student, check, "negative ELBO (0-dim)", lambda s: s.negative_elbo(*args), args, 1.0)
    check.shape("negative ELBO", out, (),
                hint_en="return a 0-dim tensor: the mean over the batch (.mean()), not per-sample values",
                hint_ja="0 次元テンソル（バッチの平均 .mean()）を返してください。サンプルごとの値ではありません")
