"""Generic explanations of wrong outputs (autograder/explain.py) and the ignored-input probe
(autograder/diagnosis.py): each kind named by issue 13, item 4 and 5, on plain tensors."""
from __future__ import annotations

import math

import pytest
import torch

from autograder.diagnosis import CallLog, Diagnoser
from autograder.explain import explain

G = torch.Generator().manual_seed(13)
E = torch.rand(4, 6, generator=G, dtype=torch.float64) + 0.5  # positive, no symmetry


def _en(m) -> str:
    assert m is not None, "no explanation"
    return m.en


@pytest.mark.parametrize("received,words", [
    (-E, "sign is flipped"),
    (2 * E, "twice"),
    (0.5 * E, "half"),
    (E / math.log(2), "bits"),
    (6 * E, "sum over an axis of size 6"),
    (E / 6, "mean over an axis of size 6"),
    (E * 6 / 5, "division by N - 1 (unbiased) where the exercise divides by N = 6"),
    (E * 5 / 6, "division by N = 6 (biased)"),
    (E * math.sqrt(5 / 6), "biased standard deviation"),
    (E * 3.7, "about 3.7 times"),
    (E + 1e-3, "same constant everywhere"),
    (E * E, "square of the expected"),
    (E.sqrt(), "square root"),
    (E.log(), "log of the expected"),
    (torch.cat([E[:, 3:], E[:, :3]], 1), "two halves along axis 1 are swapped"),
    (E.flip(0), "reversed along axis 0"),
    (torch.cat([E[:, :1], E[:, :-1]], 1), "shifted by one position along axis 1"),
])
def test_same_shape_explanations(received, words):
    assert words in _en(explain(received, E, input_sizes=(4, 6)))


def test_other_shapes():
    logits = torch.rand(5, generator=G, dtype=torch.float64)
    # (B, 1) for (B,): the shape is reported by Check first; the explanation says what the values match
    assert ".reshape(5,)" in _en(explain(logits[:, None], logits))
    assert ".permute(1, 0)" in _en(explain(E.T.contiguous(), E))
    assert "reduce with .mean()" in _en(explain(E, E.mean()))
    assert ".sum(dim=1)" in _en(explain(E, E.sum(1)))


def test_nothing_to_say_about_an_unrelated_answer_or_a_near_miss():
    other = torch.rand(4, 6, generator=G, dtype=torch.float64)
    assert explain(other, E, input_sizes=(4, 6)) is None
    assert explain(E * (1 + 5e-4), E) is None  # a near miss is the tolerance's message, not a factor
    assert explain(torch.full_like(E, math.nan), E) is None
    assert explain("not a tensor", E) is None


def test_japanese_lines():
    m = explain(2 * E, E)
    assert m.ja.startswith("考えられる原因: ") and "2 倍" in m.ja


def _ref_axpy(x, eps, alpha):  # stands in for a reference: uses both eps and alpha
    return alpha * x + eps


def test_ignored_input_is_named(monkeypatch):
    log = CallLog()
    x = torch.rand(3, generator=G, dtype=torch.float64)
    eps = torch.rand(3, generator=G, dtype=torch.float64)
    student = lambda x, eps, alpha: alpha * x  # noqa: E731 - ignores eps
    calls = []

    def call(target, method, args, kwargs, *, timeout, what):
        calls.append(args)
        return student(*args, **kwargs)

    d = Diagnoser("ch4_diffusion", log, call=call)
    monkeypatch.setattr(d, "_reference", lambda name: _ref_axpy)
    monkeypatch.setattr(d, "_catalogued", lambda *a: None)
    got = student(x, eps, 0.7)
    log.record(got, ({"global": "axpy"}, None, (x, eps, 0.7), {}))
    text = _en(d(got, _ref_axpy(x, eps, 0.7)))
    assert "ignores `eps`" in text
    assert len(calls) == 2  # the same inputs once (is it random?), then eps, probed first, is enough

    # an honest-but-wrong function that uses eps: no such claim (the generic line may follow)
    student = lambda x, eps, alpha: 2 * (alpha * x + eps)  # noqa: E731
    got = student(x, eps, 0.7)
    log.record(got, ({"global": "axpy"}, None, (x, eps, 0.7), {}))
    assert "twice" in _en(d(got, _ref_axpy(x, eps, 0.7)))


def _ref_mix(x, y, alpha, t):  # a reference with a weight and an integer step
    return alpha * x + (1 - alpha) * y * (t + 1)


@pytest.mark.parametrize("student,words", [
    (lambda x, y, alpha, t: _ref_mix(y, x, alpha, t), "`x` and `y` are swapped"),
    (lambda x, y, alpha, t: _ref_mix(x, y, 1 - alpha, t), "`1 - alpha` where `alpha`"),
    (lambda x, y, alpha, t: _ref_mix(x, y, alpha + 1, t), "`alpha + 1`"),
    (lambda x, y, alpha, t: _ref_mix(x, y, alpha, t - 1), "`t` off by one"),
])
def test_argument_slips_are_named_from_the_reference(monkeypatch, student, words):
    log = CallLog()
    x = torch.rand(3, generator=G, dtype=torch.float64) + 1
    y = torch.rand(3, generator=G, dtype=torch.float64) - 2
    d = Diagnoser("ch4_diffusion", log)  # no worker calls: slips run the reference only
    monkeypatch.setattr(d, "_reference", lambda name: _ref_mix)
    monkeypatch.setattr(d, "_catalogued", lambda *a: None)
    got = student(x, y, 0.3, 4)
    log.record(got, ({"global": "mix"}, None, (x, y, 0.3, 4), {}))
    assert words in _en(d(got, _ref_mix(x, y, 0.3, 4)))


def test_nan_or_inf_only_at_extreme_inputs_is_called_an_overflow():
    """log(1 + exp(x)) instead of softplus: inf at x = 800 only (issue 13.5: "unstable at logit 40")."""
    x = torch.tensor([-1.0, 0.5, 800.0], dtype=torch.float64)
    cause = explain(torch.log1p(torch.exp(x)), torch.nn.functional.softplus(x), x.shape, [x])
    assert cause is not None and "magnitude 800" in cause.en and "log space" in cause.en
    # a scalar loss (a mean) that overflows on extreme logits
    logits = torch.tensor([120.0, -90.0, 0.5])
    naive = -torch.log(torch.sigmoid(logits)).mean()
    cause = explain(naive, torch.nn.functional.softplus(-logits.double()).mean(), logits.shape, [logits])
    assert cause is not None and "magnitude 120" in cause.en
    # NaN at ordinary inputs is not an overflow
    y = torch.tensor([-1.0, 0.5, 2.0], dtype=torch.float64)
    assert explain(torch.tensor([1.0, float("nan"), 2.0], dtype=torch.float64), y, y.shape, [y]) is None


def test_a_withheld_entry_is_never_named():
    """``autograder validity`` grades each mistake with its own entry withheld (RunConfig.withheld), so
    that its diagnosis rate measures what a bug outside the catalogue gets: the withheld entry is
    never named, and the other explanations still are."""
    from autograder import catalogue
    from autograder.runconfig import RunConfig

    entry = catalogue.find("ch4_diffusion", "cfg", "mistake", "halves_swapped")
    ns = {"torch": torch}
    exec(compile(entry.source, str(entry.path), "exec"), ns)  # noqa: S102 - our own catalogue
    out = torch.rand(4, 3, generator=G, dtype=torch.float64)
    got = ns["classifier_free_guidance"](out, 3.0)
    import solutions.ch4_diffusion as ref
    want = ref.classifier_free_guidance(out, 3.0)
    for withheld, named in [((), True), ((entry.id,), False)]:
        log = CallLog()
        log.record(got, ({"global": "classifier_free_guidance"}, None, (out, 3.0), {}))
        d = Diagnoser("ch4_diffusion", log, withheld=withheld)
        found = d(got, want)
        text = found.en if found is not None else ""
        assert (entry.diagnosis.en in text) is named, (withheld, text)
        assert (d.last_cause is not None and d.last_cause["id"] == entry.id) is named
    assert RunConfig().withholding(entry.id).withheld == (entry.id,)
    assert RunConfig().withheld == ()  # real grading withholds nothing


def _ref_reparam(mu, logvar, eps):  # stands in for the reference reparameterize
    return mu + torch.exp(0.5 * logvar) * eps


def _ref_blend(x_gen, x0, mask):  # the known part is scaled: swapping x_gen and x0 explains nothing
    return mask * x_gen + (1 - mask) * 2 * x0


@pytest.mark.parametrize("ref,student,args,words", [
    (_ref_reparam, lambda mu, logvar, eps: mu + torch.exp(logvar) * eps, "mle", "`logvar` used as log σ"),
    (_ref_reparam, lambda mu, logvar, eps: mu + logvar.abs() * eps, "mLe", "`logvar` used as the standard deviation"),
    (_ref_reparam, lambda mu, logvar, eps: mu + logvar.abs().sqrt() * eps, "mLe", "`logvar` used as the variance"),
    (_ref_reparam, lambda mu, logvar, eps: mu - torch.exp(0.5 * logvar) * eps, "mle", "`eps` with the wrong sign"),
    (_ref_blend, lambda a, b, mask: (1 - mask) * a + mask * 2 * b, "abk", "`1 - mask` where `mask`"),
])
def test_an_argument_slip_is_named_from_the_reference(monkeypatch, ref, student, args, words):
    """Issue 13.5: the log-variance, variance and standard deviation confused, a weight inverted, a
    sign flipped: each named from the reference re-run with the one argument slipped."""
    g = torch.Generator().manual_seed(5)
    mu, eps = torch.randn(4, 3, generator=g, dtype=torch.float64), torch.randn(4, 3, generator=g, dtype=torch.float64)
    logvar = torch.randn(4, 3, generator=g, dtype=torch.float64)
    if "L" in args:
        logvar = logvar.abs() + 0.1  # positive, as "logvar used as std/var" needs
    values = {"m": mu, "l": logvar, "L": logvar, "e": eps, "a": mu, "b": eps,
              "k": torch.rand(4, 3, generator=g, dtype=torch.float64).round()}
    call_args = tuple(values[c] for c in args)
    log = CallLog()
    d = Diagnoser("ch2_vae", log)
    monkeypatch.setattr(d, "_reference", lambda name: ref)
    monkeypatch.setattr(d, "_catalogued", lambda *a: None)
    got = student(*call_args)
    log.record(got, ({"global": "f"}, None, call_args, {}))
    assert words in _en(d(got, ref(*call_args)))


def test_a_function_that_draws_its_own_noise_is_told_so(monkeypatch):
    """Called once more with the same inputs, the student's function gives another output."""
    g = torch.Generator().manual_seed(6)
    mu, logvar, eps = (torch.randn(3, 2, generator=g, dtype=torch.float64) for _ in range(3))

    def make(student):
        def call(target, method, args, kwargs, *, timeout, what):
            return student(*args, **kwargs)
        d = Diagnoser("ch2_vae", CallLog(), call=call)
        monkeypatch.setattr(d, "_reference", lambda name: _ref_reparam)
        monkeypatch.setattr(d, "_catalogued", lambda *a: None)
        return d

    noisy = lambda mu, logvar, eps: mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)  # noqa: E731
    d = make(noisy)
    got = noisy(mu, logvar, eps)
    d.log.record(got, ({"global": "reparameterize"}, None, (mu, logvar, eps), {}))
    assert "draws its own random numbers" in _en(d(got, _ref_reparam(mu, logvar, eps)))
    # a deterministic wrong function is not called random
    wrong = lambda mu, logvar, eps: 3 * mu + torch.exp(0.5 * logvar) * eps  # noqa: E731
    d = make(wrong)
    got = wrong(mu, logvar, eps)
    d.log.record(got, ({"global": "reparameterize"}, None, (mu, logvar, eps), {}))
    found = d(got, _ref_reparam(mu, logvar, eps))
    assert found is None or "random" not in found.en


def test_a_function_that_raises_on_an_allowed_input_kind_is_told_which():
    """CallLog.cause_of_error: the argument whose kind (None, a float, a tensor's rank or dtype)
    differs from every earlier call that returned is named; sizes alone are not a kind."""
    log = CallLog("ch5_applications")
    target = {"global": "inpaint_blend"}
    x = torch.zeros(2, 3, 4, 4, dtype=torch.float64)
    mask = torch.ones(2, 1, 4, 4, dtype=torch.float64)
    abar = torch.full((2,), 0.5, dtype=torch.float64)
    log.record(x, (target, None, (x, x, x, mask, abar), {}))
    cause = log.cause_of_error(target, None, (x, x, x, mask, 0.5), {})
    assert cause is not None
    assert "`alpha_bar` is a Python float here" in cause.en and "tensor of shape (2,)" in cause.en
    assert "`alpha_bar`" in cause.ja and "float" in cause.ja
    # other sizes of the same rank and dtype are not a new kind: no claim
    y = torch.zeros(3, 3, 5, 5, dtype=torch.float64)
    assert log.cause_of_error(target, None, (y, y, y, torch.ones(3, 1, 5, 5, dtype=torch.float64),
                                             torch.full((3,), 0.5, dtype=torch.float64)), {}) is None
    # the first call of a function has nothing to compare with
    assert log.cause_of_error({"global": "img2img_timesteps"}, None, (x, 10, 0.5), {}) is None
    # noise=None where a tensor worked: named, by the reference's argument name
    log2 = CallLog("ch4_diffusion")
    t2 = {"global": "ddpm_step"}
    ac = torch.linspace(0.999, 0.01, 10, dtype=torch.float64)
    xs = torch.zeros(3, 2, dtype=torch.float64)
    log2.record(xs, (t2, None, (xs, 5, xs, ac), {"noise": xs}))
    cause = log2.cause_of_error(t2, None, (xs, 0, xs, ac), {"noise": None})
    assert cause is not None and "`noise` is None here" in cause.en


def test_a_missing_or_extra_clamp_and_another_order_are_named():
    """Issue 13.5, generic: relu/max(·, 0) missing or misplaced; the right values in another order."""
    e = torch.tensor([[0.0, 1.5, 0.0], [2.0, 0.0, 0.25]], dtype=torch.float64)
    g = torch.tensor([[-0.7, 1.5, -0.1], [2.0, -3.0, 0.25]], dtype=torch.float64)
    assert "missing clamp at 0" in _en(explain(g, e))
    raw = torch.tensor([[-0.7, 1.5, -0.1], [2.0, -3.0, 0.25]], dtype=torch.float64)
    assert "clamped at 0" in _en(explain(raw.clamp(min=0), raw))
    x = torch.arange(8, dtype=torch.float64).reshape(2, 4) ** 1.5
    inter = x[:, [0, 2, 1, 3]]  # [s0, c0, s1, c1] for [s0, s1, c0, c1]
    assert "another order along axis 1" in _en(explain(inter, x))
    # an order of indices is never called "the same values in another order"
    order = torch.tensor([2, 0, 1])
    found = explain(torch.tensor([0, 2, 1]), order)
    assert found is None or "another order" not in found.en


def _catalogue_case(assignment, name, args):
    import importlib
    ref = importlib.import_module(f"solutions.{assignment}")
    return getattr(ref, name), args


def _ch2():
    g = torch.Generator().manual_seed(21)
    return [torch.randn(4, 3, generator=g, dtype=torch.float64) for _ in range(3)]


def _ch5_blend():
    g = torch.Generator().manual_seed(22)
    x = [torch.randn(2, 3, 4, 4, generator=g, dtype=torch.float64) for _ in range(3)]
    mask = (torch.rand(2, 1, 4, 4, generator=g, dtype=torch.float64) > 0.5).double()
    return [*x, mask, torch.rand(2, generator=g, dtype=torch.float64) * 0.9 + 0.05]


def _ch5_score():
    g = torch.Generator().manual_seed(23)
    img, txt = (torch.randn(12, 8, generator=g, dtype=torch.float64) for _ in range(2))
    txt[0] = -img[0]
    return [img, txt]


def _ch4_dsm():
    g = torch.Generator().manual_seed(24)
    return [torch.randn(5, 3, generator=g, dtype=torch.float64), torch.randn(5, 3, generator=g, dtype=torch.float64),
            torch.rand(5, generator=g, dtype=torch.float64) + 0.1]


def _ch4_ddpm():
    import solutions.ch4_diffusion as r

    g = torch.Generator().manual_seed(25)
    ac = r.alphas_cumprod_from_betas(r.beta_schedule("linear", 100))
    return [torch.randn(4, 2, generator=g, dtype=torch.float64), 60, torch.randn(4, 2, generator=g, dtype=torch.float64),
            ac, torch.randn(4, 2, generator=g, dtype=torch.float64)]


def _ch4_ddpm_clip(clip_sample, clip_range):
    def make():
        args = _ch4_ddpm()
        args[2] = 6 * args[2]  # x0 predictions beyond the clip range
        return args + [None, "epsilon", "fixed_small", clip_sample, clip_range]
    return make


def _ch2_slerp():
    g = torch.Generator().manual_seed(26)
    return [torch.randn(4, generator=g, dtype=torch.float64), torch.randn(4, generator=g, dtype=torch.float64),
            5, "slerp"]


def _randn(seed, *shapes, positive=()):
    """float64 tensors of ``shapes`` from one seeded generator; those at the indices ``positive`` > 0."""
    g = torch.Generator().manual_seed(seed)
    out = [torch.randn(*s, generator=g, dtype=torch.float64) for s in shapes]
    return [t.exp() if i in positive else t for i, t in enumerate(out)]


def _ch4_q_sample():
    import solutions.ch4_diffusion as r

    x0, noise = _randn(30, (3, 2), (3, 2))
    return [x0, torch.tensor([5, 40, 90]), noise, r.alphas_cumprod_from_betas(r.beta_schedule("linear", 100))]


def _ch5_clip_loss():
    img, txt = _randn(31, (5, 4), (5, 4))
    return [img, txt, torch.tensor(1.2, dtype=torch.float64)]


def _ch5_stft():
    return [torch.sin(torch.arange(200, dtype=torch.float64) * 0.3)[None] + _randn(32, (1, 200))[0] * 0.1, 32, 16]


#: one-slip mutants of the reference (autograder.mutants), each on a catalogue mistake it must name
SLIP_CASES = [
    ("ch4_diffusion", "q_sample", "q_sample", "no_sqrt", _ch4_q_sample, "without any `sqrt`"),
    ("ch5_applications", "clip_loss", "clip_contrastive_loss", "no_exp", _ch5_clip_loss, "`exp` left out"),
    ("ch5_applications", "stft_magnitude", "magnitude_spectrogram", "no_window", _ch5_stft, "`window=` not passed"),
    # confident logits (batch means beyond the hinge), where a clamp of the batch mean also shows
    ("ch3_gan", "hinge_loss", "d_loss_hinge", "no_relu", lambda: [t + s for t, s in zip(_randn(33, (6,), (6,)), (2, -2))],
     "`relu` left out"),
    ("ch1_fundamentals", "kl_divergence", "kl_diag_gaussians", "std_as_var",
     lambda: _randn(34, (3, 2), (3, 2), (3, 2), (3, 2), positive=(1, 3)), "used as standard deviations"),
    ("ch1_fundamentals", "gmm_log_likelihood", "gmm_log_likelihood", "max_component",
     lambda: [_randn(35, (6, 2))[0], torch.tensor([0.2, 0.5, 0.3], dtype=torch.float64),
              *_randn(36, (3, 2), (3, 2), positive=(1,))], "the largest term"),
    ("ch2_vae", "negative_elbo", "negative_elbo", "kl_subtracted",
     lambda: [*_randn(37, (4, 6)), torch.rand(4, 6, generator=torch.Generator().manual_seed(38), dtype=torch.float64),
              *_randn(39, (4, 2), (4, 2))], "a sign slip"),
    ("ch2_vae", "reconstruction_loss", "bernoulli_recon_loss", "sigmoid_before_bce_with_logits",
     lambda: [_randn(40, (4, 6))[0], torch.rand(4, 6, generator=torch.Generator().manual_seed(41), dtype=torch.float64)],
     "passed through a sigmoid first"),
    ("ch4_diffusion", "latent_scaling", "estimate_scaling_factor", "biased_std", lambda: _randn(44, (2, 4, 3, 3)),
     "the biased variance (divided by N)"),
    ("ch5_applications", "mel_filterbank", "mel_filterbank", "ln_instead_of_log10",
     lambda: [16000, 512, 40], "the natural log where the formula takes `log10`"),
    ("ch5_applications", "stft_magnitude", "magnitude_spectrogram", "symmetric_window", _ch5_stft,
     "`periodic=False` where the exercise needs `periodic=True`"),
    # a slip that changes the shape is named too (the shape is reported first by the check)
    ("ch2_vae", "interpolate_latents", "interpolate_latents", "num_steps_intervals",
     lambda: [*_randn(42, (3,), (3,)), 4], "`num_steps` off by one"),
]

CATALOGUE_CASES = [
    ("ch4_diffusion", "ddpm_step", "ddpm_step", "always_clip", _ch4_ddpm_clip(False, 1.0),
     "`clip_sample=True`, but the call passed `clip_sample=False`"),
    ("ch4_diffusion", "ddpm_step", "ddpm_step", "clip_range_fixed_at_one", _ch4_ddpm_clip(True, 2.0),
     "ignores `clip_sample_range`"),
    ("ch2_vae", "interpolate_latents", "interpolate_latents", "slerp_as_linear", _ch2_slerp,
     "ignores `method`: your output is what the exercise's formula gives with `method` at its default 'linear'"),
    ("ch4_diffusion", "ddpm_step", "ddpm_step", "variance_not_sqrt", _ch4_ddpm, "the `noise` term is scaled wrongly"),
    ("ch2_vae", "reparameterize", "reparameterize", "std_is_exp_logvar", _ch2, "`logvar` used as log σ"),
    ("ch5_applications", "inpaint_blend", "inpaint_blend", "mask_inverted", _ch5_blend, "`1 - mask` where `mask`"),
    ("ch5_applications", "clip_similarity", "clip_score", "score_no_clamp", _ch5_score, "`clamp_min` left out"),
    ("ch4_diffusion", "dsm_loss", "dsm_loss", "target_sign", _ch4_dsm, "`score` with the wrong sign"),
    ("ch4_diffusion", "timestep_embedding", "timestep_embedding", "interleaved",
     lambda: [torch.tensor([0.0, 3.0, 250.0], dtype=torch.float64), 8], "another order along axis 1"),
]


@pytest.mark.parametrize("assignment,exercise,name,slug,make,words", CATALOGUE_CASES + SLIP_CASES,
                         ids=[c[3] for c in CATALOGUE_CASES + SLIP_CASES])
def test_generic_causes_explain_catalogue_mistakes_and_never_misname_valid_variants(
        assignment, exercise, name, slug, make, words):
    """Issue 13.5: each generic explanation is tested on a catalogue mistake it must explain (its own
    entry withheld, as ``autograder validity`` measures) and on the exercise's valid variants, which it
    must never misname."""
    from autograder import catalogue
    import importlib

    ref = getattr(importlib.import_module(f"solutions.{assignment}"), name)
    args = make()
    want = ref(*args)

    def diagnose(entry, withheld):
        ns = {k: v for k, v in vars(importlib.import_module(f"solutions.{assignment}")).items()
              if not k.startswith("__")}
        exec(compile(entry.source, str(entry.path), "exec"), ns)  # noqa: S102 - our own catalogue
        got = ns[name](*args)
        log = CallLog(assignment)
        log.record(got, ({"global": name}, None, tuple(args), {}))
        return Diagnoser(assignment, log, withheld=withheld)(got, want)

    mistake = catalogue.find(assignment, exercise, "mistake", slug)
    assert words in _en(diagnose(mistake, (mistake.id,)))
    valid = [v for v in catalogue.load(assignment) if v.exercise == exercise and v.kind == "valid"
             and name in v.defines]
    assert valid
    for v in valid:
        found = diagnose(v, ())
        assert found is None, f"{v.id} misnamed: {found.en}"


def test_an_unnamed_factor_or_offset_is_never_claimed_for_one_or_two_values():
    """Found by a fresh reviewer (2026-12-03): "about 0.23 times the expected ones everywhere" on a
    one-element KL, where any wrong value is a constant times the right one (the bug was a sign)."""
    for got, want in [(torch.tensor([0.3]), torch.tensor([1.3])), (torch.tensor(0.7), torch.tensor(-0.9)),
                      (torch.tensor([0.3, 0.6]), torch.tensor([1.3, 2.6]))]:
        found = explain(got.double(), want.double())
        assert found is None or ("times the expected" not in found.en and "same constant" not in found.en)
    # a named factor on one value still is a claim worth making (exactly 2)
    assert "twice" in _en(explain(torch.tensor([2.6], dtype=torch.float64), torch.tensor([1.3], dtype=torch.float64)))


def test_a_cause_that_fits_one_input_by_coincidence_is_not_named():
    """Found on the first run of the one-slip mutants (2026-12-04): a cause is named only when it also
    gives what the student's function returned in the other calls kept by the log. On logits whose
    batch means lie inside the hinge, the catalogued "clamps the batch mean" reproduces a missing relu
    exactly; an earlier call of the same submission, with confident logits, tells them apart."""
    import importlib

    from autograder import catalogue

    mistake = catalogue.find("ch3_gan", "hinge_loss", "mistake", "no_relu")
    ns = {k: v for k, v in vars(importlib.import_module("solutions.ch3_gan")).items() if not k.startswith("__")}
    exec(compile(mistake.source, str(mistake.path), "exec"), ns)  # noqa: S102 - our own catalogue
    student, ref = ns["d_loss_hinge"], importlib.import_module("solutions.ch3_gan").d_loss_hinge
    confident = [t + s for t, s in zip(_randn(33, (6,), (6,)), (2, -2))]
    inside = _randn(43, (6,), (6,))
    assert float(inside[0].mean()) < 1 and float(inside[1].mean()) > -1  # the coincidence's regime

    def diagnose(calls):
        log = CallLog("ch3_gan")
        for args in calls:
            got = student(*args)
            log.record(got, ({"global": "d_loss_hinge"}, None, tuple(args), {}))
        return _en(Diagnoser("ch3_gan", log, withheld=(mistake.id,))(got, ref(*calls[-1])))

    assert "clamps the batch mean" in diagnose([inside])  # one call: the coincidence is all there is
    both = diagnose([confident, inside])
    assert "clamps the batch mean" not in both and "`relu` left out" in both


def test_an_argument_slip_is_named_only_when_it_holds_on_the_other_calls():
    """Found by the sweep of 2026-12-04: guidance skipped for w <= 1 returns ``cond``, which at w = 0 is
    what the formula gives with ``1 - w``: "the other weight" was named. The same student's call at
    w = 3 (guided, right) rules that slip out; an argument slip is now checked on every kept call."""
    import importlib

    from autograder import catalogue

    mistake = catalogue.find("ch4_diffusion", "cfg", "mistake", "skip_guidance_below_one")
    ns = {k: v for k, v in vars(importlib.import_module("solutions.ch4_diffusion")).items() if not k.startswith("__")}
    exec(compile(mistake.source, str(mistake.path), "exec"), ns)  # noqa: S102 - our own catalogue
    student = ns["classifier_free_guidance"]
    ref = importlib.import_module("solutions.ch4_diffusion").classifier_free_guidance
    out = _randn(45, (4, 3))[0]

    def diagnose(scales):
        log = CallLog("ch4_diffusion")
        for w in scales:
            got = student(out, w)
            log.record(got, ({"global": "classifier_free_guidance"}, None, (out, w), {}))
        found = Diagnoser("ch4_diffusion", log, withheld=(mistake.id,))(got, ref(out, scales[-1]))
        return found.en if found is not None else ""

    # one call at w = 0: coincidences are all there is (a catalogued sibling, "the other weight")
    alone = diagnose([0.0])
    assert "starts from the unconditional" in alone or "the other weight" in alone, alone
    both = diagnose([3.0, 0.0])
    assert "the other weight" not in both and "starts from the unconditional" not in both, both
