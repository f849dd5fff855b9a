"""solutions/ch5_applications.py against public implementations on random inputs.

Public references: torch.nn.functional, open_clip's ``ClipLoss`` (no weights needed),
torchmetrics' CLIP-score update (with a stub model that returns given embeddings),
diffusers' ``DDIMScheduler`` (``set_timesteps``/``add_noise``) and the img2img
pipeline's ``get_timesteps`` (called unbound on a stub holding the scheduler),
librosa's mel filter bank, ``scipy.signal.stft``; NeRF weights and the Gram/style
loss against independent loop/einsum computations in float64.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import solutions.ch5_applications as ref

# Named tolerances (float64 references, same formula up to summation order).
TIGHT = dict(rtol=1e-10, atol=1e-12)
F64 = dict(rtol=1e-9, atol=1e-11)
F32 = dict(rtol=1e-5, atol=1e-6)
MEL = dict(rtol=1e-6, atol=1e-9)  # librosa computes the mel points in float64, returns float32 unless asked


@pytest.fixture
def gen():
    return torch.Generator().manual_seed(1234)


# ---------------------------------------------------------------------------
# CLIP
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("n,m,d", [(1, 1, 3), (4, 7, 16), (9, 2, 5)])
def test_cosine_similarity_matrix_vs_F_cosine_similarity(gen, n, m, d):
    a = torch.randn(n, d, generator=gen, dtype=torch.float64)
    b = torch.randn(m, d, generator=gen, dtype=torch.float64)
    expected = F.cosine_similarity(a[:, None, :], b[None, :, :], dim=-1)
    torch.testing.assert_close(ref.cosine_similarity_matrix(a, b), expected, **F64)


def test_cosine_similarity_matrix_zero_vector_is_finite():
    a = torch.zeros(1, 3, dtype=torch.float64)
    b = torch.ones(2, 3, dtype=torch.float64)
    assert torch.equal(ref.cosine_similarity_matrix(a, b), torch.zeros(1, 2, dtype=torch.float64))


def test_cosine_similarity_matrix_rejects_bad_shapes():
    with pytest.raises(ValueError, match="D=3"):
        ref.cosine_similarity_matrix(torch.zeros(2, 3), torch.zeros(2, 4))
    with pytest.raises(ValueError, match="2-D"):
        ref.cosine_similarity_matrix(torch.zeros(3), torch.zeros(2, 3))


class _StubClip(torch.nn.Module):
    """Looks up given embeddings by index: stands in for a CLIP model in torchmetrics."""

    def __init__(self, img, txt):
        super().__init__()
        self.img, self.txt = img, txt
        self.config = type("Cfg", (), {})()

    def get_image_features(self, pixel_values):
        return self.img[pixel_values.reshape(-1).long()]

    def get_text_features(self, input_ids, attention_mask=None):
        return self.txt[input_ids.reshape(-1).long()]


def _stub_processor(text=None, images=None, return_tensors="pt", padding=True):
    if images is not None:
        return {"pixel_values": torch.stack([im.reshape(-1)[:1] for im in images])}
    ids = torch.tensor([[int(s)] for s in text])
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


@pytest.mark.slow  # importing torchmetrics' multimodal module takes > 5 s on 2 loaded cores
def test_clip_score_vs_torchmetrics(gen):
    from torchmetrics.functional.multimodal.clip_score import _clip_score_update

    n, d = 6, 8
    img = torch.randn(n, d, generator=gen, dtype=torch.float64)
    txt = torch.randn(n, d, generator=gen, dtype=torch.float64)
    model = _StubClip(img, txt)
    images = [torch.full((1, 1, 1), float(i)) for i in range(n)]
    texts = [str(i) for i in range(n)]
    raw, count = _clip_score_update(images, texts, model, _stub_processor)
    assert count == n
    # torchmetrics' CLIPScore on ONE pair is max(raw, 0) (it clamps the batch mean).
    expected = torch.clamp(raw, min=0.0)
    torch.testing.assert_close(ref.clip_score(img, txt), expected, **F64)
    assert bool((expected == 0).any()) and bool((expected > 0).any()), "inputs should exercise the clamp"


def test_clip_score_documented_formula(gen):
    img = torch.randn(5, 4, generator=gen, dtype=torch.float64)
    txt = torch.randn(5, 4, generator=gen, dtype=torch.float64)
    cos = F.cosine_similarity(img, txt, dim=1)
    torch.testing.assert_close(ref.clip_score(img, txt), 100 * torch.maximum(cos, torch.zeros_like(cos)), **F64)


@pytest.mark.parametrize("n,d,scale", [(1, 4, 0.0), (5, 8, math.log(1 / 0.07)), (8, 3, math.log(100.0))])
def test_clip_loss_vs_open_clip(gen, n, d, scale):
    open_clip_loss = pytest.importorskip("open_clip.loss")
    img = torch.randn(n, d, generator=gen, dtype=torch.float64)
    txt = torch.randn(n, d, generator=gen, dtype=torch.float64)
    ls = torch.tensor(scale, dtype=torch.float64)
    # open_clip takes normalised features and the already exponentiated scale.
    expected = open_clip_loss.ClipLoss()(F.normalize(img, dim=-1), F.normalize(txt, dim=-1), ls.exp())
    torch.testing.assert_close(ref.clip_contrastive_loss(img, txt, ls), expected, **F64)


def test_clip_loss_gradient_vs_finite_differences(gen):
    img = torch.randn(3, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    txt = torch.randn(3, 4, generator=gen, dtype=torch.float64, requires_grad=True)
    ls = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(ref.clip_contrastive_loss, (img, txt, ls))


def test_clip_loss_independent_logsumexp(gen):
    n = 4
    img = torch.randn(n, 6, generator=gen, dtype=torch.float64)
    txt = torch.randn(n, 6, generator=gen, dtype=torch.float64)
    s = 2.0
    sim = ref.cosine_similarity_matrix(img, txt) * math.exp(s)
    per_img = [-(sim[i, i] - torch.logsumexp(sim[i, :], 0)) for i in range(n)]
    per_txt = [-(sim[i, i] - torch.logsumexp(sim[:, i], 0)) for i in range(n)]
    expected = (sum(per_img) / n + sum(per_txt) / n) / 2
    torch.testing.assert_close(ref.clip_contrastive_loss(img, txt, torch.tensor(s, dtype=torch.float64)),
                               expected, **F64)


# ---------------------------------------------------------------------------
# Prompt ranking
# ---------------------------------------------------------------------------
def test_rank_prompts_vs_numpy(gen):
    img = torch.randn(7, generator=gen, dtype=torch.float64)
    prompts = torch.randn(5, 7, generator=gen, dtype=torch.float64) * torch.tensor([[1.], [10.], [.1], [3.], [1.]],
                                                                                    dtype=torch.float64)
    order, scores = ref.rank_prompts(img, prompts)
    p, i = prompts.numpy(), img.numpy()
    cos = p @ i / (np.linalg.norm(p, axis=1) * np.linalg.norm(i))
    np.testing.assert_allclose(scores.numpy(), cos, rtol=1e-12)
    np.testing.assert_array_equal(order.numpy(), np.argsort(-cos, kind="stable"))
    assert order.dtype == torch.int64


def test_rank_prompts_ties_keep_lower_index():
    img = torch.tensor([1.0, 0.0])
    prompts = torch.tensor([[0.0, 1.0], [1.0, 0.0], [2.0, 0.0], [0.0, 3.0]])
    order, _ = ref.rank_prompts(img, prompts)
    assert order.tolist() == [1, 2, 0, 3]


def test_weighted_prompt_embedding_independent(gen):
    prompts = torch.randn(3, 6, generator=gen, dtype=torch.float64) * 5
    w = torch.tensor([1.0, 0.5, -0.3], dtype=torch.float64)
    out = ref.weighted_prompt_embedding(prompts, w)
    mix = sum(w[i] * prompts[i] / prompts[i].norm() for i in range(3))
    torch.testing.assert_close(out, mix / mix.norm(), **F64)
    assert abs(float(out.norm()) - 1) < 1e-12


def test_weighted_prompt_embedding_zero_weights_raise():
    with pytest.raises(ValueError, match="zero"):
        ref.weighted_prompt_embedding(torch.ones(2, 3), torch.zeros(2))


# ---------------------------------------------------------------------------
# img2img and inpainting vs diffusers
# ---------------------------------------------------------------------------
def _ddim(steps):
    from diffusers import DDIMScheduler

    s = DDIMScheduler(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                      set_alpha_to_one=False, steps_offset=1)
    s.set_timesteps(steps)
    return s


def _diffusers_get_timesteps():
    """diffusers' ``StableDiffusionImg2ImgPipeline.get_timesteps``, taken from its source file.

    Importing the pipeline class needs ``transformers`` (not installed here), so the
    method's own source is extracted with ``ast`` and executed on a stub object that
    holds the scheduler (the method only reads ``self.scheduler``).
    """
    import ast
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("diffusers")
    path = Path(spec.origin).parent / "pipelines" / "stable_diffusion" / "pipeline_stable_diffusion_img2img.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "get_timesteps":
            ns: dict = {}
            exec(compile(ast.Module(body=[node], type_ignores=[]), str(path), "exec"), ns)  # noqa: S102
            return ns["get_timesteps"]
    raise LookupError(f"get_timesteps not found in {path}")


@pytest.mark.parametrize("steps", [1, 7, 10, 50])
@pytest.mark.parametrize("strength", [0.0, 0.05, 0.3, 0.75, 0.999, 1.0])
def test_img2img_timesteps_vs_diffusers_get_timesteps(steps, strength):
    sched = _ddim(steps)
    stub = type("Stub", (), {"scheduler": sched})()
    expected, n_run = _diffusers_get_timesteps()(stub, steps, strength, "cpu")
    got = ref.img2img_timesteps(sched.timesteps, steps, strength, order=sched.order)
    assert torch.equal(got, expected)
    assert got.shape[0] == n_run


def test_img2img_timesteps_rejects_bad_strength():
    with pytest.raises(ValueError, match=r"\[0.0, 1.0\]"):
        ref.img2img_timesteps(torch.arange(10), 10, 1.5)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_img2img_start_latent_vs_ddim_add_noise(gen, dtype):
    sched = _ddim(20)
    ts = ref.img2img_timesteps(sched.timesteps, 20, 0.6)
    x0 = torch.randn(3, 4, 5, 5, generator=gen, dtype=dtype)
    noise = torch.randn(3, 4, 5, 5, generator=gen, dtype=dtype)
    t = ts[:1].repeat(3)
    expected = sched.add_noise(x0, noise, t)
    tol = F64 if dtype == torch.float64 else F32
    torch.testing.assert_close(ref.img2img_start_latent(x0, noise, sched.alphas_cumprod, t), expected, **tol)


def test_img2img_start_latent_per_sample_timesteps(gen):
    sched = _ddim(20)
    x0 = torch.randn(4, 2, 3, 3, generator=gen, dtype=torch.float64)
    noise = torch.randn(4, 2, 3, 3, generator=gen, dtype=torch.float64)
    t = torch.tensor([0, 17, 500, 999])
    torch.testing.assert_close(ref.img2img_start_latent(x0, noise, sched.alphas_cumprod, t),
                               sched.add_noise(x0, noise, t), **F64)


def test_inpaint_blend_vs_diffusers_inpaint_formula(gen):
    """diffusers StableDiffusionInpaintPipeline (4-channel UNet): known part noised to
    the NEXT timestep with scheduler.add_noise, then (1 - mask) * known + mask * latents."""
    sched = _ddim(10)
    x0 = torch.randn(2, 4, 6, 6, generator=gen, dtype=torch.float64)
    noise = torch.randn(2, 4, 6, 6, generator=gen, dtype=torch.float64)
    latents = torch.randn(2, 4, 6, 6, generator=gen, dtype=torch.float64)
    mask = (torch.rand(2, 1, 6, 6, generator=gen) > 0.5).to(torch.float64)
    t_next = sched.timesteps[4]
    known = sched.add_noise(x0, noise, torch.tensor([t_next]))
    expected = (1 - mask) * known + mask * latents
    abar = sched.alphas_cumprod.to(torch.float64)[t_next].repeat(2)
    torch.testing.assert_close(ref.inpaint_blend(latents, x0, noise, mask, abar), expected, **F64)


def test_inpaint_blend_last_step_keeps_clean_image(gen):
    x0 = torch.randn(1, 3, 4, 4, generator=gen, dtype=torch.float64)
    out = ref.inpaint_blend(torch.zeros_like(x0), x0, torch.randn(1, 3, 4, 4, generator=gen, dtype=torch.float64),
                            torch.zeros(1, 1, 4, 4, dtype=torch.float64), torch.ones(1, dtype=torch.float64))
    assert torch.equal(out, x0)


# ---------------------------------------------------------------------------
# Style
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("shape", [(1, 3, 4, 5), (2, 7, 3, 3), (3, 1, 1, 1)])
def test_gram_matrix_independent_einsum(gen, shape):
    x = torch.randn(*shape, generator=gen, dtype=torch.float64)
    b, c, h, w = shape
    expected = torch.einsum("bihw,bjhw->bij", x, x) / (c * h * w)
    torch.testing.assert_close(ref.gram_matrix(x), expected, **F64)


def test_gram_matrix_matches_pytorch_tutorial_for_batch_one(gen):
    """PyTorch neural-style tutorial: view(a*b, c*d), mm, div(a*b*c*d) (batch 1)."""
    x = torch.randn(1, 5, 4, 6, generator=gen, dtype=torch.float64)
    a, b, c, d = x.shape
    feats = x.view(a * b, c * d)
    expected = torch.mm(feats, feats.t()).div(a * b * c * d)
    torch.testing.assert_close(ref.gram_matrix(x)[0], expected, **F64)


def test_style_loss_vs_mse_loss(gen):
    layers = [(2, 3, 4, 4), (2, 5, 2, 3)]
    fg = [torch.randn(*s, generator=gen, dtype=torch.float64) for s in layers]
    fs = [torch.randn(*s, generator=gen, dtype=torch.float64) for s in layers]
    w = [0.7, 2.0]
    expected = sum(wi * F.mse_loss(ref.gram_matrix(a), ref.gram_matrix(b)) for wi, a, b in zip(w, fg, fs))
    torch.testing.assert_close(ref.style_loss(fg, fs, w), expected, **F64)
    torch.testing.assert_close(ref.style_loss(fg, fs), sum(F.mse_loss(ref.gram_matrix(a), ref.gram_matrix(b))
                                                           for a, b in zip(fg, fs)), **F64)


def test_style_loss_gradient(gen):
    fg = torch.randn(1, 2, 3, 3, generator=gen, dtype=torch.float64, requires_grad=True)
    fs = torch.randn(1, 2, 3, 3, generator=gen, dtype=torch.float64)
    assert torch.autograd.gradcheck(lambda x: ref.style_loss([x], [fs]), (fg,))


def test_style_loss_rejects_mismatched_layers():
    with pytest.raises(ValueError, match="layers"):
        ref.style_loss([torch.zeros(1, 1, 2, 2)], [])


# ---------------------------------------------------------------------------
# Audio
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("length,n_fft,hop", [(64, 16, 4), (101, 32, 7), (40, 40, 1), (257, 64, 64)])
def test_magnitude_spectrogram_vs_scipy_stft(gen, length, n_fft, hop):
    from scipy.signal import get_window, stft

    x = torch.randn(2, length, generator=gen, dtype=torch.float64)
    _, _, z = stft(x.numpy(), window="hann", nperseg=n_fft, noverlap=n_fft - hop, boundary=None, padded=False,
                   return_onesided=True, detrend=False)
    # scipy's default scaling="spectrum" divides by sum(window).
    expected = np.abs(z) * get_window("hann", n_fft).sum()
    got = ref.magnitude_spectrogram(x, n_fft, hop)
    assert got.shape == (2, n_fft // 2 + 1, 1 + (length - n_fft) // hop)
    np.testing.assert_allclose(got.numpy(), expected, rtol=1e-9, atol=1e-10)


def test_magnitude_spectrogram_vs_explicit_dft(gen):
    x = torch.randn(1, 50, generator=gen, dtype=torch.float64)
    n, hop = 8, 3
    win = 0.5 - 0.5 * torch.cos(2 * math.pi * torch.arange(n, dtype=torch.float64) / n)
    frames = x[0].unfold(0, n, hop) * win  # (M, N)
    k = torch.arange(n // 2 + 1, dtype=torch.float64)[:, None]
    basis = torch.exp(-2j * math.pi * k * torch.arange(n, dtype=torch.float64) / n)  # (K, N)
    expected = (basis @ frames.T.to(torch.complex128)).abs()
    torch.testing.assert_close(ref.magnitude_spectrogram(x, n, hop)[0], expected, **F64)


def test_magnitude_spectrogram_rejects_short_signal():
    with pytest.raises(ValueError, match="shorter"):
        ref.magnitude_spectrogram(torch.zeros(1, 5), 8, 2)


@pytest.mark.slow  # importing librosa (numba) takes ~5 s
@pytest.mark.parametrize("sr,n_fft,n_mels,fmin,fmax", [(16000, 512, 40, 0.0, None), (8000, 64, 10, 50.0, 3000.0),
                                                        (22050, 1024, 80, 0.0, 8000.0), (1000, 16, 3, 0.0, None)])
@pytest.mark.parametrize("norm", [None, "slaney"])
def test_mel_filterbank_vs_librosa(sr, n_fft, n_mels, fmin, fmax, norm):
    librosa = pytest.importorskip("librosa")
    expected = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax, htk=True, norm=norm,
                                   dtype=np.float64)
    got = ref.mel_filterbank(sr, n_fft, n_mels, fmin, fmax, norm=norm, dtype=torch.float64)
    assert got.shape == (n_mels, n_fft // 2 + 1)
    np.testing.assert_allclose(got.numpy(), expected, **MEL)


def test_mel_filterbank_independent_hz_loop():
    """Independent scalar computation of the HTK triangles (no librosa)."""
    sr, n_fft, n_mels = 4000, 32, 4
    fb = ref.mel_filterbank(sr, n_fft, n_mels, dtype=torch.float64)
    top = 2595 * math.log10(1 + 2000 / 700)
    pts = [700 * (10 ** (top * i / (n_mels + 1) / 2595) - 1) for i in range(n_mels + 2)]
    for i in range(n_mels):
        for k in range(n_fft // 2 + 1):
            f = k * sr / n_fft
            v = max(0.0, min((f - pts[i]) / (pts[i + 1] - pts[i]), (pts[i + 2] - f) / (pts[i + 2] - pts[i + 1])))
            assert abs(float(fb[i, k]) - v) < 1e-12


def test_mel_filterbank_rejects_bad_norm_and_fmax():
    with pytest.raises(ValueError, match="norm"):
        ref.mel_filterbank(8000, 64, 4, norm="htk")
    with pytest.raises(ValueError, match="f_max"):
        ref.mel_filterbank(8000, 64, 4, f_max=5000.0)


# ---------------------------------------------------------------------------
# NeRF and SDS
# ---------------------------------------------------------------------------
def _render_loop(sigma, rgb, t, d, far=1e10):
    """Independent per-ray loop of NeRF Eq. 3 with cumulative products (float64)."""
    r_, s_ = sigma.shape
    weights = torch.zeros(r_, s_, dtype=torch.float64)
    colour = torch.zeros(r_, 3, dtype=torch.float64)
    for r in range(r_):
        norm = math.sqrt(sum(float(v) ** 2 for v in d[r]))
        trans = 1.0
        for i in range(s_):
            delta = (float(t[r, i + 1] - t[r, i]) if i < s_ - 1 else far) * norm
            alpha = 1.0 - math.exp(-float(sigma[r, i]) * delta)
            weights[r, i] = trans * alpha
            colour[r] += weights[r, i] * rgb[r, i].double()
            trans *= 1.0 - alpha
    return colour, weights


@pytest.mark.parametrize("rays,samples", [(1, 1), (3, 8), (5, 17)])
def test_volume_render_vs_loop(gen, rays, samples):
    sigma = torch.rand(rays, samples, generator=gen, dtype=torch.float64) * 3
    sigma[0, 0] = 0.0
    rgb = torch.rand(rays, samples, 3, generator=gen, dtype=torch.float64)
    t = torch.sort(torch.rand(rays, samples, generator=gen, dtype=torch.float64) * 4 + 2, dim=1).values
    d = torch.randn(rays, 3, generator=gen, dtype=torch.float64)
    c_exp, w_exp = _render_loop(sigma, rgb, t, d)
    c, w = ref.volume_render(sigma, rgb, t, d)
    torch.testing.assert_close(w, w_exp, **F64)
    torch.testing.assert_close(c, c_exp, **F64)


def test_volume_render_weights_sum_to_one_with_infinite_last_interval(gen):
    sigma = torch.rand(4, 6, generator=gen, dtype=torch.float64) + 0.1
    t = torch.linspace(0, 1, 6, dtype=torch.float64).repeat(4, 1)
    _, w = ref.volume_render(sigma, torch.rand(4, 6, 3, generator=gen, dtype=torch.float64), t,
                             torch.randn(4, 3, generator=gen, dtype=torch.float64))
    torch.testing.assert_close(w.sum(1), torch.ones(4, dtype=torch.float64), **F64)


def test_sds_gradient_tiny_model_and_threestudio_formula(gen):
    """A tiny frozen denoiser; w(t) = 1 - abar_t as in threestudio's SDS guidance."""
    from diffusers import DDPMScheduler

    sched = DDPMScheduler(num_train_timesteps=1000)
    abar = sched.alphas_cumprod.to(torch.float64)
    model = torch.nn.Conv2d(3, 3, 3, padding=1).double()
    x = torch.randn(2, 3, 5, 5, generator=gen, dtype=torch.float64, requires_grad=True)
    eps = torch.randn(2, 3, 5, 5, generator=gen, dtype=torch.float64)
    t = torch.tensor([20, 980])
    x_t = sched.add_noise(x.detach(), eps, t)
    with torch.no_grad():
        eps_hat = model(x_t)
    g = ref.sds_gradient(eps_hat, eps, abar, t)
    expected = (1 - abar[t]).view(-1, 1, 1, 1) * (eps_hat - eps)
    torch.testing.assert_close(g, expected, **TIGHT)
    # The surrogate 0.5 * ||x - (x - g).detach()||^2 has gradient g w.r.t. x.
    (0.5 * ((x - (x - g).detach()) ** 2).sum()).backward()
    torch.testing.assert_close(x.grad, g, **TIGHT)


def test_sds_gradient_rejects_bad_timestep():
    with pytest.raises(ValueError, match="timesteps"):
        ref.sds_gradient(torch.zeros(1, 2), torch.zeros(1, 2), torch.ones(10), torch.tensor([10]))
