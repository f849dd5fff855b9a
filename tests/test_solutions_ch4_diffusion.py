"""solutions/ch4_diffusion.py against diffusers (schedulers built from config, no weights),
torch.distributions, torch.nn.functional and independent computations; plus reported cases
C04-C07 (../shared/cases/README.md), part (a)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from diffusers import DDIMScheduler, DDPMScheduler
from diffusers.models.attention_processor import Attention
from diffusers.models.embeddings import get_timestep_embedding
from diffusers.guiders.guider_utils import rescale_noise_cfg

import solutions.ch4_diffusion as R

#: diffusers keeps schedules in float32; our references are float64.
F32_VS_F64 = dict(rtol=2e-5, atol=1e-6)
#: one scheduler step computed in float32 by diffusers vs float64 here.
STEP_F32 = dict(rtol=1e-4, atol=1e-5)
#: independent float64 computations of the same formula.
F64 = dict(rtol=1e-10, atol=1e-12)
#: the values printed in the case table have 6-7 significant digits.
CASE = dict(rtol=1e-6, atol=1e-6)

SCHEDULES = ["linear", "scaled_linear", "squaredcos_cap_v2"]


def _gen(seed=0):
    return torch.Generator().manual_seed(seed)


def _f64(sch, ac, final=1.0):
    """Run diffusers' scheduler formulas on our float64 abar (float32 1 - abar_t / abar_prev cancels)."""
    sch.alphas_cumprod = ac
    sch.one = torch.tensor(1.0, dtype=torch.float64)
    sch.final_alpha_cumprod = torch.tensor(float(final), dtype=torch.float64)
    return sch


def _schedule(kind="linear", T=1000):
    b = R.beta_schedule(kind, T, 1e-4 if kind != "scaled_linear" else 0.00085,
                        0.02 if kind != "scaled_linear" else 0.012)
    return b, R.alphas_cumprod_from_betas(b)


# --------------------------------------------------------------------- schedules
@pytest.mark.parametrize("kind", SCHEDULES)
@pytest.mark.parametrize("T", [10, 1000])
def test_beta_schedule_matches_ddpm_scheduler(kind, T):
    bs, be = (0.00085, 0.012) if kind == "scaled_linear" else (1e-4, 0.02)
    sch = DDPMScheduler(num_train_timesteps=T, beta_schedule=kind, beta_start=bs, beta_end=be)
    betas = R.beta_schedule(kind, T, bs, be)
    assert betas.dtype == torch.float64 and betas.shape == (T,)
    torch.testing.assert_close(betas, sch.betas.double(), **F32_VS_F64)
    torch.testing.assert_close(R.alphas_cumprod_from_betas(betas), sch.alphas_cumprod.double(),
                               rtol=1e-4, atol=1e-9)  # float32 cumprod over 1000 factors


def test_beta_schedule_rejects_unknown_kind():
    with pytest.raises(ValueError, match="squaredcos_cap_v2"):
        R.beta_schedule("cosine_v3", 10)


def test_case_c07_cosine_schedule_is_capped():
    betas = R.beta_schedule("squaredcos_cap_v2", 1000)
    ac = R.alphas_cumprod_from_betas(betas)
    torch.testing.assert_close(betas[-1].item(), 0.999, **CASE)
    torch.testing.assert_close((1 / (1 - betas[-1]).sqrt()).item(), 31.6228, rtol=1e-5, atol=0)
    torch.testing.assert_close(ac[999].item(), 2.4287e-9, rtol=1e-4, atol=0)
    # the mistake: no cap -> last beta 1, 1 / sqrt(alpha_T) infinite
    uncapped = R.beta_schedule("squaredcos_cap_v2", 1000, max_beta=1.0)
    assert uncapped[-1].item() == 1.0 and math.isinf((1 / (1 - uncapped[-1]).sqrt()).item())


# --------------------------------------------------------------------- forward process
@pytest.mark.parametrize("kind", SCHEDULES)
@pytest.mark.parametrize("shape", [(1, 2), (5, 3, 4, 4), (3, 7)])
def test_q_sample_matches_add_noise(kind, shape):
    g = _gen(1)
    betas, ac = _schedule(kind)
    sch = DDPMScheduler(beta_schedule=kind, beta_start=betas[0].item(), beta_end=betas[-1].item())
    x0 = torch.randn(shape, generator=g)
    noise = torch.randn(shape, generator=g)
    t = torch.randint(0, 1000, (shape[0],), generator=g)
    torch.testing.assert_close(R.q_sample(x0, t, noise, ac), sch.add_noise(x0, noise, t), **STEP_F32)
    out64 = R.q_sample(x0.double(), t, noise.double(), ac)
    manual = torch.stack([ac[ti].sqrt() * x0[i].double() + (1 - ac[ti]).sqrt() * noise[i].double()
                          for i, ti in enumerate(t)])
    torch.testing.assert_close(out64, manual, **F64)


# --------------------------------------------------------------------- posterior
@pytest.mark.parametrize("variance_type", ["fixed_small", "fixed_large"])
@pytest.mark.parametrize("n", [1000, 50, 7])
def test_posterior_variance_matches_get_variance(variance_type, n):
    sch = DDPMScheduler(variance_type=variance_type)
    ac = R.alphas_cumprod_from_betas(R.beta_schedule("linear", 1000))
    # diffusers' formula on our float64 abar: 1 - abar_t / abar_prev cancels badly in float32
    sch.alphas_cumprod, sch.one = ac, torch.tensor(1.0, dtype=torch.float64)
    if n < 1000:
        sch.set_timesteps(n)
        ts = sch.timesteps.tolist()
    else:
        ts = list(range(999, -1, -1))
    for i, t in enumerate(ts[:-1]):
        t_prev = ts[i + 1]
        c0, ct, var = R.posterior_coefficients(ac, torch.tensor([t]), torch.tensor([t_prev]))
        beta_eff = 1 - ac[t] / ac[t_prev]
        want = var if variance_type == "fixed_small" else beta_eff
        got = sch._get_variance(t)
        torch.testing.assert_close(want[0] if want.dim() else want, got, rtol=1e-10, atol=1e-14)


def test_posterior_mean_is_gaussian_conditioning():
    """Independent check: q(x_s | x_t, x_0) by conditioning the joint Gaussian of (x_s, x_t)."""
    ac = _schedule("scaled_linear")[1]
    t = torch.tensor([999, 500, 10, 1, 3])
    s = torch.tensor([998, 400, 0, 0, -1])
    c0, ct, var = R.posterior_coefficients(ac, t, s)
    a_s = torch.where(s >= 0, ac[s.clamp_min(0)], torch.ones(5, dtype=torch.float64))
    a_t = ac[t]
    # x_s = sqrt(a_s) x0 + sqrt(1-a_s) e1; x_t = sqrt(a_t/a_s) x_s + sqrt(1-a_t/a_s) e2
    cov_ss, cov_ts, cov_tt = 1 - a_s, (a_t / a_s).sqrt() * (1 - a_s), 1 - a_t
    k = cov_ts / cov_tt
    torch.testing.assert_close(ct, k, **F64)
    torch.testing.assert_close(c0, a_s.sqrt() - k * a_t.sqrt(), **F64)
    torch.testing.assert_close(var, cov_ss - k * cov_ts, **F64)


def test_case_c06_posterior_with_skipped_steps():
    ac = _schedule("linear")[1]
    _, _, var = R.posterior_coefficients(ac, torch.tensor([980]), torch.tensor([960]))
    beta_eff = 1 - ac[980] / ac[960]
    torch.testing.assert_close(beta_eff.item(), 0.324614, rtol=0, atol=1e-6)
    torch.testing.assert_close(var.item(), 0.324605, rtol=0, atol=1e-6)
    # the mistake: betas[980]
    torch.testing.assert_close(R.beta_schedule("linear", 1000)[980].item(), 0.019622, rtol=0, atol=1e-6)


# --------------------------------------------------------------------- loss
def test_epsilon_loss_equals_mse_of_add_noise():
    g = _gen(2)
    sch = DDPMScheduler(clip_sample=False)
    ac = _schedule()[1]
    w = torch.randn(3, 3, generator=g)

    def model(x, t):
        return x @ w + t[:, None].float() / 1000

    x0, noise = torch.randn(6, 3, generator=g), torch.randn(6, 3, generator=g)
    t = torch.randint(0, 1000, (6,), generator=g)
    want = F.mse_loss(model(sch.add_noise(x0, noise, t), t), noise)
    got = R.epsilon_loss(model, x0, t, noise, ac)
    assert got.dim() == 0
    torch.testing.assert_close(got, want, **STEP_F32)


# --------------------------------------------------------------------- DDPM step
@pytest.mark.parametrize("kind", SCHEDULES)
@pytest.mark.parametrize("prediction_type", ["epsilon", "v_prediction", "sample"])
@pytest.mark.parametrize("variance_type", ["fixed_small", "fixed_large"])
@pytest.mark.parametrize("clip", [False, True])
def test_ddpm_step_matches_scheduler(kind, prediction_type, variance_type, clip):
    betas, ac = _schedule(kind)
    sch = DDPMScheduler(beta_schedule=kind, beta_start=betas[0].item(), beta_end=betas[-1].item(),
                        prediction_type=prediction_type, variance_type=variance_type, clip_sample=clip)
    torch.testing.assert_close(sch.alphas_cumprod.double(), ac, rtol=1e-4, atol=1e-9)
    _f64(sch, ac)
    g = _gen(3)
    x = torch.randn(4, 3, 5, generator=g, dtype=torch.float64) * 1.5
    out = torch.randn(4, 3, 5, generator=g, dtype=torch.float64)
    for t in [999, 500, 37, 1, 0]:
        seed = 100 + t
        noise = torch.randn(x.shape, generator=_gen(seed), dtype=torch.float64)  # diffusers' randn_tensor
        want = sch.step(out, t, x, generator=_gen(seed)).prev_sample
        got = R.ddpm_step(out, t, x, ac, noise=noise, prediction_type=prediction_type,
                          variance_type=variance_type, clip_sample=clip)
        torch.testing.assert_close(got, want, **F64)


@pytest.mark.parametrize("n", [10, 13])
def test_ddpm_step_with_skipped_steps_matches_scheduler(n):
    sch = DDPMScheduler(prediction_type="epsilon", clip_sample=False)
    sch.set_timesteps(n)
    ac = _schedule()[1]
    _f64(sch, ac)
    ts = sch.timesteps.tolist()
    g = _gen(4)
    x = torch.randn(3, 2, generator=g, dtype=torch.float64)
    for i, t in enumerate(ts):
        out = torch.randn(3, 2, generator=g, dtype=torch.float64)
        noise = torch.randn(x.shape, generator=_gen(t), dtype=torch.float64)
        want = sch.step(out, t, x, generator=_gen(t)).prev_sample
        got = R.ddpm_step(out, t, x, ac, noise=noise, t_prev=ts[i + 1] if i + 1 < n else -1)
        torch.testing.assert_close(got, want, **F64)
        x = want


def test_ddpm_step_validation():
    ac = _schedule()[1]
    with pytest.raises(ValueError, match="v_prediction"):
        R.ddpm_step(torch.zeros(1, 2), 5, torch.zeros(1, 2), ac, noise=torch.zeros(1, 2), prediction_type="eps")
    with pytest.raises(ValueError, match="noise"):
        R.ddpm_step(torch.zeros(1, 2), 5, torch.zeros(1, 2), ac)


# --------------------------------------------------------------------- score view
def _mixture(g, K=3, D=2):
    w = torch.softmax(torch.randn(K, generator=g, dtype=torch.float64), 0)
    mu = 3 * torch.randn(K, D, generator=g, dtype=torch.float64)
    s = 0.3 + torch.rand(K, generator=g, dtype=torch.float64)
    return w, mu, s


def _dist(w, mu, s):
    D = mu.shape[1]
    comp = torch.distributions.Independent(torch.distributions.Normal(mu, s[:, None].expand(-1, D)), 1)
    return torch.distributions.MixtureSameFamily(torch.distributions.Categorical(w), comp)


@pytest.mark.parametrize("K,D", [(1, 1), (3, 2), (5, 4)])
def test_gmm_score_equals_autograd_of_log_prob(K, D):
    g = _gen(5)
    w, mu, s = _mixture(g, K, D)
    x = (4 * torch.randn(17, D, generator=g, dtype=torch.float64)).requires_grad_(True)
    want, = torch.autograd.grad(_dist(w, mu, s).log_prob(x).sum(), x)
    torch.testing.assert_close(R.gmm_score(x.detach(), w, mu, s), want, rtol=1e-9, atol=1e-10)


def test_gmm_score_far_from_modes_is_finite():
    w = torch.tensor([0.5, 0.5], dtype=torch.float64)
    mu = torch.tensor([[0.0, 0.0], [1.0, 0.0]], dtype=torch.float64)
    s = torch.tensor([0.1, 0.1], dtype=torch.float64)
    x = torch.tensor([[200.0, 0.0]], dtype=torch.float64)
    torch.testing.assert_close(R.gmm_score(x, w, mu, s), torch.tensor([[(1 - 200.0) / 0.01, 0.0]],
                                                                    dtype=torch.float64), **F64)


def test_dsm_loss_matches_explicit_formula_and_its_minimiser():
    g = _gen(6)
    score, z = torch.randn(9, 3, generator=g, dtype=torch.float64), torch.randn(9, 3, generator=g, dtype=torch.float64)
    sigma = 0.1 + torch.rand(9, generator=g, dtype=torch.float64)
    want = torch.stack([0.5 * sigma[i] ** 2 * ((score[i] + z[i] / sigma[i]) ** 2).sum() for i in range(9)]).mean()
    torch.testing.assert_close(R.dsm_loss(score, z, sigma), want, **F64)
    # equivalently 1/2 || sigma s + z ||^2, zero at the target score
    torch.testing.assert_close(R.dsm_loss(score, z, sigma), 0.5 * ((sigma[:, None] * score + z) ** 2).sum(1).mean(), **F64)
    assert R.dsm_loss(-z / sigma[:, None], z, sigma).abs() < 1e-12


def _two_mode_score():
    w = torch.tensor([0.3, 0.7], dtype=torch.float64)
    mu = torch.tensor([[-2.0, 0.0], [2.0, 1.0]], dtype=torch.float64)
    s = torch.tensor([0.5, 0.5], dtype=torch.float64)

    def score_fn(x, sigma):
        return R.gmm_score(x, w, mu, (s ** 2 + sigma ** 2).sqrt())
    return score_fn, mu


def test_annealed_langevin_explicit_update():
    g = _gen(7)
    score_fn, _ = _two_mode_score()
    sigmas = torch.tensor([3.0, 1.0, 0.5], dtype=torch.float64)
    x = 3 * torch.randn(5, 2, generator=g, dtype=torch.float64)
    noise = torch.randn(3, 2, 5, 2, generator=g, dtype=torch.float64)
    want = x
    for i in range(3):
        a = 0.01 * (sigmas[i].item() / 0.5) ** 2
        for j in range(2):
            want = want + a / 2 * score_fn(want, sigmas[i].item()) + math.sqrt(a) * noise[i, j]
    torch.testing.assert_close(R.annealed_langevin(score_fn, x, sigmas, 0.01, noise), want, **F64)


@pytest.mark.slow
def test_annealed_langevin_reaches_mixture():
    """Statistical, seeded: 2000 chains, 8 levels x 25 steps.  Over seeds 7-9 the share of the 0.7
    mode is 0.673-0.685 (binomial sd 0.010 plus the sampler's own bias); the bound 0.05 leaves a
    false-fail probability below 1e-4."""
    g = _gen(7)
    score_fn, mu = _two_mode_score()
    sigmas = torch.logspace(math.log10(5.0), -1, 8, dtype=torch.float64)
    N = 2000
    x = 5 * torch.randn(N, 2, generator=g, dtype=torch.float64)
    noise = torch.randn(8, 25, N, 2, generator=g, dtype=torch.float64)
    out = R.annealed_langevin(score_fn, x, sigmas, 1e-2, noise)
    right = (out[:, 0] > 0).double().mean()
    assert abs(right - 0.7) < 0.05
    torch.testing.assert_close(out[out[:, 0] > 0].mean(0), mu[1], rtol=0, atol=0.1)
    assert 0.45 < out[out[:, 0] > 0].std(0).mean() < 0.6


# --------------------------------------------------------------------- embeddings, latents, attention
@pytest.mark.parametrize("flip", [False, True])
@pytest.mark.parametrize("shift", [0.0, 1.0])
@pytest.mark.parametrize("dim", [4, 8, 33, 320])
def test_timestep_embedding_matches_diffusers(flip, shift, dim):
    t = torch.tensor([0, 1, 17, 500, 999])
    want = get_timestep_embedding(t, dim, flip_sin_to_cos=flip, downscale_freq_shift=shift)
    got = R.timestep_embedding(t, dim, flip_sin_to_cos=flip, downscale_freq_shift=shift)
    assert got.dtype == torch.float32 and got.shape == (5, dim)
    # diffusers multiplies t by float32 frequencies: sin/cos of arguments up to 999 differ by ~1e-4
    torch.testing.assert_close(got, want, rtol=0, atol=3e-4)
    tf = torch.tensor([0.0, 0.5, 3.25], dtype=torch.float64)
    torch.testing.assert_close(R.timestep_embedding(tf, dim, flip, shift).float(),
                               get_timestep_embedding(tf, dim, flip, shift), rtol=0, atol=1e-6)


def test_latent_scaling_round_trip_and_estimate():
    g = _gen(8)
    z = 5.4 * torch.randn(2, 4, 8, 8, generator=g, dtype=torch.float64) + 0.3
    for sf, sh in [(0.18215, 0.0), (1.5305, 0.0609)]:
        enc = R.encode_latents(z, sf, sh)
        torch.testing.assert_close(enc, (z - sh) * sf, **F64)
        torch.testing.assert_close(R.decode_latents(enc, sf, sh), z, **F64)
    sf = R.estimate_scaling_factor(z)
    torch.testing.assert_close(sf.item(), 1 / float(np.std(z.numpy(), ddof=1)), rtol=1e-12, atol=0)
    assert abs((R.encode_latents(z, sf.item()).std() - 1).item()) < 1e-12


@pytest.mark.parametrize("heads,dim_head", [(1, 8), (4, 4), (3, 5)])
def test_cross_attention_matches_sdpa_and_diffusers_attention(heads, dim_head):
    g = _gen(9)
    Dq, Dc, B, N, M = 12, 7, 2, 5, 3
    att = Attention(query_dim=Dq, cross_attention_dim=Dc, heads=heads, dim_head=dim_head).double().eval()
    for p in att.parameters():
        p.data = torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.3
    x = torch.randn(B, N, Dq, generator=g, dtype=torch.float64)
    c = torch.randn(B, M, Dc, generator=g, dtype=torch.float64)
    got = R.cross_attention(x, c, att.to_q.weight, att.to_k.weight, att.to_v.weight,
                            att.to_out[0].weight, att.to_out[0].bias, heads)
    with torch.no_grad():
        torch.testing.assert_close(got, att(x, encoder_hidden_states=c), rtol=1e-9, atol=1e-10)
        inner = heads * dim_head
        q = (x @ att.to_q.weight.T).view(B, N, heads, dim_head).transpose(1, 2)
        k = (c @ att.to_k.weight.T).view(B, M, heads, dim_head).transpose(1, 2)
        v = (c @ att.to_v.weight.T).view(B, M, heads, dim_head).transpose(1, 2)
        o = F.scaled_dot_product_attention(q, k, v).transpose(1, 2).reshape(B, N, inner)
        torch.testing.assert_close(got, F.linear(o, att.to_out[0].weight, att.to_out[0].bias), rtol=1e-9, atol=1e-10)


# --------------------------------------------------------------------- DDIM
@pytest.mark.parametrize("spacing", ["leading", "trailing", "linspace"])
@pytest.mark.parametrize("T,n", [(1000, 1), (1000, 10), (1000, 13), (1000, 50), (1000, 1000), (10, 3), (37, 5)])
@pytest.mark.parametrize("offset", [0, 1])
def test_ddim_timesteps_match_set_timesteps(spacing, T, n, offset):
    sch = DDIMScheduler(num_train_timesteps=T, timestep_spacing=spacing, steps_offset=offset)
    sch.set_timesteps(n)
    got = R.ddim_timesteps(T, n, spacing, offset)
    assert got.dtype == torch.int64
    assert got.tolist() == sch.timesteps.tolist()


def test_ddim_timesteps_validation():
    with pytest.raises(ValueError, match="trailing"):
        R.ddim_timesteps(1000, 10, "uniform")
    with pytest.raises(ValueError, match="between 1"):
        R.ddim_timesteps(10, 11)


def _diffusers_agrees(ts, T):
    n = len(ts)
    return all(ts[i] - T // n == (ts[i + 1] if i + 1 < n else min(ts[i] - T // n, -1)) or
               (i + 1 == n and ts[i] - T // n < 0) for i in range(n))


@pytest.mark.parametrize("kind", SCHEDULES)
@pytest.mark.parametrize("prediction_type", ["epsilon", "v_prediction", "sample"])
@pytest.mark.parametrize("eta", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("spacing,n,offset", [("leading", 10, 0), ("leading", 20, 1), ("trailing", 10, 0),
                                               ("trailing", 25, 0), ("linspace", 1000, 0)])
def test_ddim_step_matches_scheduler_where_diffusers_is_right(kind, prediction_type, eta, spacing, n, offset):
    betas, ac = _schedule(kind)
    sch = DDIMScheduler(beta_schedule=kind, beta_start=betas[0].item(), beta_end=betas[-1].item(),
                        prediction_type=prediction_type, timestep_spacing=spacing, steps_offset=offset,
                        clip_sample=False, set_alpha_to_one=True)
    sch.set_timesteps(n)
    _f64(sch, ac)
    ts = sch.timesteps
    assert _diffusers_agrees(ts.tolist(), 1000)
    g = _gen(10)
    x = torch.randn(2, 3, 4, generator=g, dtype=torch.float64)
    for t in ts.tolist()[:3] + ts.tolist()[-2:]:
        out = torch.randn(2, 3, 4, generator=g, dtype=torch.float64)
        z = torch.randn(2, 3, 4, generator=g, dtype=torch.float64)
        want = sch.step(out, t, x, eta=eta, variance_noise=z).prev_sample
        got = R.ddim_step(out, t, x, ts, ac, eta=eta, noise=z, prediction_type=prediction_type)
        torch.testing.assert_close(got, want, **F64)


@pytest.mark.parametrize("clip", [False, True])
@pytest.mark.parametrize("set_alpha_to_one", [False, True])
def test_ddim_step_clipping_and_final_alpha(clip, set_alpha_to_one):
    ac = _schedule()[1]
    sch = DDIMScheduler(clip_sample=clip, set_alpha_to_one=set_alpha_to_one, prediction_type="epsilon")
    sch.set_timesteps(20)
    final = 1.0 if set_alpha_to_one else ac[0].item()
    torch.testing.assert_close(sch.final_alpha_cumprod.item(), final, rtol=1e-6, atol=0)
    _f64(sch, ac, final)
    g = _gen(11)
    x = 2 * torch.randn(3, 4, generator=g, dtype=torch.float64)
    for t in sch.timesteps.tolist():
        out = 2 * torch.randn(3, 4, generator=g, dtype=torch.float64)
        want = sch.step(out, t, x).prev_sample
        got = R.ddim_step(out, t, x, sch.timesteps, ac, clip_sample=clip, final_alpha_cumprod=final)
        torch.testing.assert_close(got, want, **F64)


def test_ddim_step_uneven_spacing_uses_next_list_element():
    """Where diffusers' t - T // n is wrong, compare with DDPM-style posterior algebra."""
    ac = _schedule()[1]
    g = _gen(12)
    for spacing, n in [("trailing", 13), ("linspace", 10), ("linspace", 7), ("trailing", 30)]:
        ts = R.ddim_timesteps(1000, n, spacing)
        x = torch.randn(4, 2, generator=g, dtype=torch.float64)
        for i, t in enumerate(ts.tolist()):
            eps = torch.randn(4, 2, generator=g, dtype=torch.float64)
            s = ts[i + 1].item() if i + 1 < n else -1
            a_t, a_s = ac[t], (ac[s] if s >= 0 else torch.tensor(1.0, dtype=torch.float64))
            x0 = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
            want = a_s.sqrt() * x0 + (1 - a_s).sqrt() * eps
            torch.testing.assert_close(R.ddim_step(eps, t, x, ts, ac), want, **F64)
        # eta = 1 gives the DDPM posterior variance of the skipped step
        t, s = ts[0].item(), ts[1].item()
        _, _, var = R.posterior_coefficients(ac, torch.tensor([t]), torch.tensor([s]))
        z = torch.ones(1, 1, dtype=torch.float64)
        e0 = torch.zeros(1, 1, dtype=torch.float64)
        xt = torch.zeros(1, 1, dtype=torch.float64)
        diff = R.ddim_step(e0, t, xt, ts, ac, eta=1.0, noise=z) - R.ddim_step(e0, t, xt, ts, ac, eta=1.0, noise=0 * z)
        torch.testing.assert_close(diff[0, 0] ** 2, var[0], **F64)


@pytest.mark.parametrize("spacing,n,right_prev,right,diffusers_prev,wrong", [
    ("trailing", 13, 922, 1.556448, 923, 1.546638),   # C04
    ("linspace", 10, 888, 1.942049, 899, 1.805624),   # C05
])
def test_case_c04_c05_ddim_uneven_spacing(spacing, n, right_prev, right, diffusers_prev, wrong):
    ac = _schedule()[1]
    ts = R.ddim_timesteps(1000, n, spacing)
    assert ts[0].item() == 999 and ts[1].item() == right_prev
    one = torch.ones(1, dtype=torch.float64)
    got = R.ddim_step(0.5 * one, 999, one, ts, ac, eta=0.0)
    torch.testing.assert_close(got.item(), right, **CASE)
    # diffusers computes the previous timestep as t - T // n and gets the reported wrong value
    sch = DDIMScheduler(timestep_spacing=spacing, clip_sample=False)
    sch.set_timesteps(n)
    assert 999 - 1000 // n == diffusers_prev
    got_d = sch.step(0.5 * one.float(), 999, one.float(), eta=0.0).prev_sample
    torch.testing.assert_close(got_d.item(), wrong, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(R.ddim_step(0.5 * one, 999, one, torch.tensor([999, diffusers_prev]), ac).item(),
                               wrong, **CASE)


# --------------------------------------------------------------------- guidance
@pytest.mark.parametrize("w", [0.0, 1.0, 7.5])
@pytest.mark.parametrize("rescale", [0.0, 0.7])
def test_cfg_matches_pipeline_convention(w, rescale):
    g = _gen(13)
    out = torch.randn(6, 4, 3, 3, generator=g, dtype=torch.float64)
    u, c = out.chunk(2)
    want = u + w * (c - u)
    if rescale:
        want = rescale_noise_cfg(want, c, guidance_rescale=rescale)
    torch.testing.assert_close(R.classifier_free_guidance(out, w, rescale), want, **F64)
    if w == 1.0 and rescale == 0.0:
        torch.testing.assert_close(R.classifier_free_guidance(out, w), c, **F64)


def test_cfg_odd_batch():
    with pytest.raises(ValueError, match="even"):
        R.classifier_free_guidance(torch.zeros(3, 2), 2.0)


# --------------------------------------------------------------------- loops
def test_ddpm_and_ddim_sample_match_scheduler_loops():
    g = _gen(14)
    w = 0.1 * torch.randn(2, 2, generator=g)

    def model(x, t):
        return torch.tanh(x @ w) * (t[:, None].float() / 1000)

    ac = _schedule()[1]
    sch = DDPMScheduler(clip_sample=False)
    sch.set_timesteps(20)
    x = torch.randn(5, 2, generator=g)
    noise = torch.stack([torch.randn(5, 2, generator=_gen(200 + i)) for i in range(20)])
    xs = x
    for i, t in enumerate(sch.timesteps.tolist()):
        xs = sch.step(model(xs, torch.full((5,), t)), t, xs, generator=_gen(200 + i)).prev_sample
    torch.testing.assert_close(R.ddpm_sample(model, x, ac, sch.timesteps, noise), xs, rtol=1e-4, atol=1e-4)
    dd = DDIMScheduler(clip_sample=False)
    dd.set_timesteps(20)
    xs = x
    for i, t in enumerate(dd.timesteps.tolist()):
        xs = dd.step(model(xs, torch.full((5,), t)), t, xs, eta=1.0, variance_noise=noise[i]).prev_sample
    torch.testing.assert_close(R.ddim_sample(model, x, ac, dd.timesteps, eta=1.0, noise=noise), xs,
                               rtol=1e-4, atol=1e-4)
