"""ddpm_sample and ddim_sample: the full sampling loops, exact on small inputs and judged by the
distance of 1000 samples to the data mixture (model: the exact denoiser of the mixture, from the harness)."""
import pytest
import torch

import solutions.ch4_diffusion as ref
from autograder.harness import ch4_diffusion as H
from autograder.carry import Upstream, dependent
from autograder.proxy import harness_ref
from autograder.suites.ch4_diffusion._common import carried, energy_distance

pytestmark = [pytest.mark.grade_id("sampling_loops"),
              # error carried forward: runs after those exercises' tests (autograder.plugin.upstream_order)
              pytest.mark.upstream(ddpm_step="ddpm_step", ddim_step="ddim_step"),
              pytest.mark.carried_from("ddpm_step", "ddim_step")]

HINT_DDPM_EN = ("Loop over timesteps in the given (descending) order; at step i call eps_model(x, t) with t a (B,) int64 "
                "tensor, then ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=the next timestep or -1 "
                "after the last one).")
HINT_DDPM_JA = ("timesteps を与えられた（降順の）順にたどり、ステップ i で (B,) の int64 テンソル t を作って eps_model(x, t) を呼び、"
                "ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=次の時刻、最後は -1) を適用します。")
HINT_DDIM_EN = ("Loop over timesteps in order; at step i: eps = eps_model(x, t as a (B,) int64 tensor), then "
                "ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta, noise=noise[i] (None when noise is None)).")
HINT_DDIM_JA = ("timesteps を順にたどり、ステップ i で eps = eps_model(x, (B,) の int64 テンソル t)、続いて "
                "ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta, noise=noise[i]（noise が None なら None）) を適用します。")
#: energy distance of 1000 reference samples to 1000 data points is 0.002-0.01; a broken loop is > 0.05.
MAX_ENERGY = 0.03


def _step_upstream(student, kind, x, ac, ts, noise, eta=0.0) -> Upstream:
    """The student's step function on this test's first step, for :func:`autograder.carry.dependent`."""
    tl = [int(v) for v in ts.tolist()]
    t0 = tl[0]
    eps0 = lambda xx: H.mixture_eps_model(xx, torch.full((xx.shape[0],), t0, dtype=torch.int64))  # noqa: E731
    if kind == "ddpm":
        kw = {"noise": noise[0], "t_prev": tl[1] if len(tl) > 1 else -1}
        return Upstream("ddpm_step", ref.ddpm_step, (lambda xx: student.ddpm_step(eps0(xx), t0, xx, ac, **kw),
                                                     lambda xx: ref.ddpm_step(eps0(xx), t0, xx, ac, **kw), (x,)))
    kw = {"eta": eta, "noise": None if noise is None else noise[0]}
    return Upstream("ddim_step", ref.ddim_step, (lambda xx: student.ddim_step(eps0(xx), t0, xx, ts, ac, **kw),
                                                 lambda xx: ref.ddim_step(eps0(xx), t0, xx, ts, ac, **kw), (x,)))


def _sampler(student, kind, x, ac, ts, noise, eta=0.0):
    """(the proxy to call the sampler with, the carried-forward value or None).

    Where the student's step can drive the loop, the sampler is called as it is, and the loop of
    the reference over the student's own step is a carried-forward candidate.  Where it cannot (it
    raises, is a stub, degenerate, or returns another shape), the sampler runs with the reference
    step in place of the student's (autograder.carry.dependent): only the loop is graded here."""
    own, replaced = dependent(student, _step_upstream(student, kind, x, ac, ts, noise, eta))
    if replaced:
        return own, None
    return own, _loop_with_student_steps(student, kind, x, ac, ts, noise, eta)


def _loop_with_student_steps(student, kind, x, ac, ts, noise, eta=0.0):
    """The loop of the reference driven by the student's own step function (error carried forward)."""
    def build():
        xs = x
        tl = [int(v) for v in ts.tolist()]
        for i, t in enumerate(tl):
            eps = H.mixture_eps_model(xs, torch.full((xs.shape[0],), t, dtype=torch.int64))
            if kind == "ddpm":
                xs = student.ddpm_step(eps, t, xs, ac, noise=noise[i], t_prev=tl[i + 1] if i + 1 < len(tl) else -1)
            else:
                xs = student.ddim_step(eps, t, xs, ts, ac, eta=eta, noise=None if noise is None else noise[i])
            xs = xs.to(x.dtype)
        return xs
    tl = [int(v) for v in ts.tolist()]
    t0 = tl[0]
    eps0 = lambda xx: H.mixture_eps_model(xx, torch.full((xx.shape[0],), t0, dtype=torch.int64))  # noqa: E731
    if kind == "ddpm":
        kw = {"noise": noise[0], "t_prev": tl[1] if len(tl) > 1 else -1}
        step = (lambda xx: student.ddpm_step(eps0(xx), t0, xx, ac, **kw),
                lambda xx: ref.ddpm_step(eps0(xx), t0, xx, ac, **kw), (x,))
    else:
        kw = {"eta": eta, "noise": None if noise is None else noise[0]}
        step = (lambda xx: student.ddim_step(eps0(xx), t0, xx, ts, ac, **kw),
                lambda xx: ref.ddim_step(eps0(xx), t0, xx, ts, ac, **kw), (x,))
    return carried(build, step)


@pytest.mark.describe("DDPM loop on a small input", "小さな入力での DDPM ループ")
@pytest.mark.points(1)
def test_ddpm_sample_exact(student, check, gen):
    ac = H.train_alphas_cumprod()
    ts = ref.ddim_timesteps(1000, 10, "leading")
    x = torch.randn(4, 2, generator=gen, dtype=torch.float64)
    noise = torch.randn(10, 4, 2, generator=gen, dtype=torch.float64)
    # the carried-forward value is fixed before the dependent function sees these inputs (autograder.carry)
    own, cf = _sampler(student, "ddpm", x, ac, ts, noise)
    got = own.ddpm_sample(harness_ref("mixture_eps_model"), x, ac, ts, noise)
    want = ref.ddpm_sample(H.mixture_eps_model, x, ac, ts, noise)
    check.close_any("ddpm_sample (4 samples, 10 leading timesteps)", got, [want, cf],
              hint_en=HINT_DDPM_EN, hint_ja=HINT_DDPM_JA)


@pytest.mark.describe("DDIM loop on a small input", "小さな入力での DDIM ループ")
@pytest.mark.points(1)
def test_ddim_sample_exact(student, check, gen):
    for eta in [0.0, 0.5]:
        ac = H.train_alphas_cumprod()
        ts = ref.ddim_timesteps(1000, 13, "trailing")
        x = torch.randn(3, 2, generator=gen, dtype=torch.float64)
        noise = torch.randn(13, 3, 2, generator=gen, dtype=torch.float64) if eta > 0 else None
        own, cf = _sampler(student, "ddim", x, ac, ts, noise, eta)  # before the sampler runs
        got = own.ddim_sample(harness_ref("mixture_eps_model"), x, ac, ts, eta=eta, noise=noise)
        want = ref.ddim_sample(H.mixture_eps_model, x, ac, ts, eta=eta, noise=noise)
        check.close_any(f"ddim_sample (3 samples, 13 trailing timesteps, eta={eta})", got, [want, cf],
                  hint_en=HINT_DDIM_EN, hint_ja=HINT_DDIM_JA)


def _judge(student, check, kind, got, x, ac, ts, noise, eta, hint_en, hint_ja, cf=None):
    got = check.shape(f"{kind}_sample samples", got, tuple(x.shape)).to(torch.float64)
    d = energy_distance(got, H.sample_data(1000, seed=7)) if bool(torch.isfinite(got).all()) else float("inf")
    if d < MAX_ENERGY:
        return
    # cf (computed before the sampler ran): a wrong step is graded in its own exercise
    if cf is not None and torch.allclose(got, cf.to(torch.float64), rtol=1e-4, atol=1e-5, equal_nan=True):
        check.carried_forward(f"{kind}_sample samples")  # the test is excused (autograder.scoring)
        return
    check.true(False,
               f"{kind}_sample: 1000 samples are far from the data mixture: energy distance {d:.4f} (the reference loop "
               f"gives about 0.005; limit {MAX_ENERGY}). " + hint_en,
               f"{kind}_sample: 1000 個のサンプルがデータの混合分布から離れています。エネルギー距離 {d:.4f}（参照実装で約 0.005、"
               f"上限 {MAX_ENERGY}）。" + hint_ja)


@pytest.mark.describe("DDPM samples reach the data distribution", "DDPM のサンプルがデータ分布に到達する")
@pytest.mark.points(1)
@pytest.mark.call_timeout(60)
def test_ddpm_reaches_data(student, check):
    g = torch.Generator().manual_seed(2024)
    ac = H.train_alphas_cumprod()
    ts = ref.ddim_timesteps(1000, 50, "leading")
    x = torch.randn(1000, 2, generator=g, dtype=torch.float64)
    noise = torch.randn(50, 1000, 2, generator=g, dtype=torch.float64)
    own, cf = _sampler(student, "ddpm", x, ac, ts, noise)  # before the sampler sees these inputs
    got = own.ddpm_sample(harness_ref("mixture_eps_model"), x, ac, ts, noise)
    _judge(student, check, "ddpm", got, x, ac, ts, noise, 0.0, HINT_DDPM_EN, HINT_DDPM_JA, cf)


@pytest.mark.describe("DDIM samples reach the data distribution", "DDIM のサンプルがデータ分布に到達する")
@pytest.mark.points(1)
@pytest.mark.call_timeout(60)
def test_ddim_reaches_data(student, check):
    g = torch.Generator().manual_seed(2025)
    ac = H.train_alphas_cumprod()
    ts = ref.ddim_timesteps(1000, 20, "trailing")
    x = torch.randn(1000, 2, generator=g, dtype=torch.float64)
    own, cf = _sampler(student, "ddim", x, ac, ts, None)  # before the sampler sees these inputs
    got = own.ddim_sample(harness_ref("mixture_eps_model"), x, ac, ts)
    _judge(student, check, "ddim", got, x, ac, ts, None, 0.0, HINT_DDIM_EN, HINT_DDIM_JA, cf)
