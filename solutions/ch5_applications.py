"""Reference implementations for chapter 5 (applications of generative models).

One self-contained module: every public function here is copied verbatim into the
solution cells of ``source/ch5_applications/applications.ipynb`` by
``tools/notebooks/ch5_applications.py``; the functions therefore use only ``torch``,
``math`` and ``torch.nn.functional as F`` (imported by the notebook's setup cell).

Exercises (grade ids) and their functions:

- ``clip_similarity``: :func:`cosine_similarity_matrix`, :func:`clip_score`
- ``clip_loss``: :func:`clip_contrastive_loss`
- ``prompt_ranking``: :func:`rank_prompts`, :func:`weighted_prompt_embedding`
- ``img2img``: :func:`img2img_timesteps`, :func:`img2img_start_latent`
- ``inpaint_blend``: :func:`inpaint_blend`
- ``style_loss``: :func:`gram_matrix`, :func:`style_loss`
- ``stft_magnitude``: :func:`magnitude_spectrogram`
- ``mel_filterbank``: :func:`mel_filterbank`
- ``nerf_rendering``: :func:`volume_render`
- ``sds_gradient``: :func:`sds_gradient`

No pretrained weights are needed: the exercises take embeddings, latents, feature
maps and densities as tensors.  Randomness enters only through explicit tensors
(``noise``).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

__all__ = [
    "cosine_similarity_matrix", "clip_score", "clip_contrastive_loss",
    "rank_prompts", "weighted_prompt_embedding",
    "img2img_timesteps", "img2img_start_latent", "inpaint_blend",
    "gram_matrix", "style_loss", "magnitude_spectrogram", "mel_filterbank",
    "volume_render", "sds_gradient",
]


# ---------------------------------------------------------------------------
# CLIP: similarity, score, contrastive loss
# ---------------------------------------------------------------------------
def cosine_similarity_matrix(a, b, eps=1e-8):
    """Cosine similarity of every row of ``a`` with every row of ``b``.

    S[i, j] = <a_i, b_j> / (max(||a_i||, eps) * max(||b_j||, eps))
    (CLIP, Radford et al. 2021, Fig. 3 pseudocode: L2-normalise, then matmul).

    Args:
        a: float tensor (N, D), e.g. image embeddings.
        b: float tensor (M, D), e.g. text embeddings, same dtype as ``a``.
        eps: lower bound on each norm (avoids 0/0 for a zero vector).

    Returns:
        float tensor (N, M), values in [-1, 1], dtype of ``a``.

    Raises:
        ValueError: when ``a`` or ``b`` is not 2-D or the embedding sizes differ.
    """
    if a.dim() != 2 or b.dim() != 2:
        raise ValueError(f"a and b must be 2-D (N, D) and (M, D); got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"embedding sizes differ: a has D={a.shape[1]}, b has D={b.shape[1]}; they must be equal")
    a_n = a / a.norm(dim=1, keepdim=True).clamp_min(eps)  # (N, D), unit rows
    b_n = b / b.norm(dim=1, keepdim=True).clamp_min(eps)  # (M, D), unit rows
    return a_n @ b_n.T  # (N, M)


def clip_score(image_emb, text_emb, eps=1e-8):
    """CLIP score of each (image, text) pair: 100 * max(cos(E_I, E_C), 0).

    The torchmetrics ``CLIPScore`` formula (Hessel et al. 2021, Eq. 1, with the
    weight w = 100 used by torchmetrics instead of 2.5), per pair (no batch mean).

    Args:
        image_emb: float tensor (N, D).
        text_emb: float tensor (N, D): row i is the caption of image i.
        eps: lower bound on each norm.

    Returns:
        float tensor (N,), values in [0, 100].

    Raises:
        ValueError: when the shapes are not both (N, D).
    """
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = image_emb / image_emb.norm(dim=1, keepdim=True).clamp_min(eps)
    txt = text_emb / text_emb.norm(dim=1, keepdim=True).clamp_min(eps)
    cos = (img * txt).sum(dim=1)  # (N,), the diagonal of the similarity matrix
    return 100.0 * cos.clamp_min(0.0)


def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    """Symmetric contrastive (InfoNCE) loss of CLIP with a learnable temperature.

    Radford et al. 2021, Fig. 3; open_clip ``ClipLoss``:
      (1) unit-normalise both embeddings;
      (2) logits = exp(logit_scale) * I_n @ T_n^T, where ``logit_scale`` = log(1/tau)
          is the learnable parameter (CLIP initialises it to log(1/0.07));
      (3) loss = (CE(logits, arange(N)) + CE(logits^T, arange(N))) / 2, each cross
          entropy averaged over the batch.

    Args:
        image_emb: float tensor (N, D): row i matches text row i.
        text_emb: float tensor (N, D).
        logit_scale: 0-dim float tensor (or float), the log of the inverse
            temperature; exponentiated here (no clamp: CLIP clamps the parameter
            to at most log 100 in the training loop, not in the loss).

    Returns:
        0-dim float tensor, differentiable w.r.t. all three inputs.

    Raises:
        ValueError: when the shapes are not both (N, D).
    """
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = F.normalize(image_emb, dim=1)  # (1)
    txt = F.normalize(text_emb, dim=1)
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)


# ---------------------------------------------------------------------------
# Prompt engineering, measured
# ---------------------------------------------------------------------------
def rank_prompts(image_emb, prompt_embs):
    """Rank candidate prompts by cosine similarity to one image embedding.

    Args:
        image_emb: float tensor (D,).
        prompt_embs: float tensor (P, D), one row per candidate prompt.

    Returns:
        (order, scores): ``order`` int64 tensor (P,), prompt indices from the most to
        the least similar (ties keep the lower index first); ``scores`` float tensor
        (P,), the cosine similarity of each prompt in its ORIGINAL order.

    Raises:
        ValueError: on wrong ranks or mismatched D.
    """
    if image_emb.dim() != 1 or prompt_embs.dim() != 2 or prompt_embs.shape[1] != image_emb.shape[0]:
        raise ValueError(f"expected image_emb (D,) and prompt_embs (P, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(prompt_embs.shape)}")
    img = F.normalize(image_emb, dim=0)  # (D,)
    txt = F.normalize(prompt_embs, dim=1)  # (P, D)
    scores = txt @ img  # (P,)
    order = torch.argsort(scores, descending=True, stable=True)
    return order, scores


def weighted_prompt_embedding(prompt_embs, weights):
    """Combine several prompt embeddings into one direction with weights.

    e = normalize(sum_i w_i * normalize(e_i)): each prompt is unit-normalised first
    (so a prompt's weight, not its embedding norm, sets its influence), then the
    weighted sum is unit-normalised again (CLIP compares directions only).
    Negative weights push away from a prompt ("negative prompts").

    Args:
        prompt_embs: float tensor (P, D).
        weights: float tensor (P,) (any sign; not all zero).

    Returns:
        float tensor (D,) of unit norm.

    Raises:
        ValueError: on mismatched shapes, or when the weighted sum is the zero
            vector (e.g. all weights zero), which has no direction.
    """
    if prompt_embs.dim() != 2 or weights.dim() != 1 or weights.shape[0] != prompt_embs.shape[0]:
        raise ValueError(f"expected prompt_embs (P, D) and weights (P,); got {tuple(prompt_embs.shape)} "
                         f"and {tuple(weights.shape)}")
    units = F.normalize(prompt_embs, dim=1)  # (P, D)
    mix = (weights.to(units.dtype)[:, None] * units).sum(dim=0)  # (D,)
    norm = mix.norm()
    if float(norm) == 0.0:
        raise ValueError("the weighted sum of the prompts is the zero vector (are all weights 0?); "
                         "use weights with a non-zero combination")
    return mix / norm


# ---------------------------------------------------------------------------
# Image-to-image and inpainting
# ---------------------------------------------------------------------------
def img2img_timesteps(timesteps, num_inference_steps, strength, order=1):
    """The timesteps an img2img run actually executes, given ``strength``.

    diffusers ``StableDiffusionImg2ImgPipeline.get_timesteps``:
      (1) init_timestep = min(int(num_inference_steps * strength), num_inference_steps)
      (2) t_start = max(num_inference_steps - init_timestep, 0)
      (3) run timesteps[t_start * order:]   (the first ``t_start`` steps are skipped)

    Args:
        timesteps: int64 tensor (num_inference_steps * order,): the scheduler's
            timesteps after ``set_timesteps(num_inference_steps)``, descending.
        num_inference_steps: int >= 1.
        strength: float in [0, 1]; 1 runs every step (the input image is fully
            noised), 0 runs none.
        order: the scheduler's ``order`` (1 for DDIM/DDPM).

    Returns:
        int64 tensor (k,), the tail of ``timesteps`` (k may be 0).

    Raises:
        ValueError: when ``strength`` is outside [0, 1] or ``num_inference_steps`` < 1.
    """
    if not 0.0 <= float(strength) <= 1.0:
        raise ValueError(f"strength must be in [0.0, 1.0], got {strength}")
    if int(num_inference_steps) < 1:
        raise ValueError(f"num_inference_steps must be a positive integer, got {num_inference_steps}")
    init_timestep = min(int(num_inference_steps * strength), num_inference_steps)  # (1)
    t_start = max(num_inference_steps - init_timestep, 0)  # (2)
    return timesteps[t_start * order:]  # (3)


def img2img_start_latent(x0, noise, alphas_cumprod, timestep):
    """The img2img start latent: the clean latent noised to the first timestep.

    q(x_t | x_0) (Ho et al. 2020, Eq. 4); diffusers ``DDIMScheduler.add_noise``:
    x_t = sqrt(abar_t) * x0 + sqrt(1 - abar_t) * noise.

    Args:
        x0: float tensor (B, ...), the encoded input image (latent).
        noise: float tensor of the same shape, N(0, I) samples.
        alphas_cumprod: float tensor (T,), abar_t for t = 0..T-1.
        timestep: int64 tensor (B,), the first timestep to run for each sample
            (``img2img_timesteps(...)[:1].repeat(B)`` in the pipeline).

    Returns:
        float tensor like ``x0``.

    Raises:
        ValueError: on mismatched shapes or a timestep outside [0, T).
    """
    if noise.shape != x0.shape:
        raise ValueError(f"noise shape {tuple(noise.shape)} must equal x0 shape {tuple(x0.shape)}")
    timestep = torch.as_tensor(timestep).reshape(-1)
    if timestep.shape[0] != x0.shape[0]:
        raise ValueError(f"timestep must have one entry per sample: got {timestep.shape[0]} for batch {x0.shape[0]}")
    if bool((timestep < 0).any()) or bool((timestep >= alphas_cumprod.shape[0]).any()):
        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {timestep.tolist()}")
    abar = alphas_cumprod.to(x0.dtype)[timestep.long()]  # (B,)
    abar = abar.reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise


def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    """Blend the generated latent with the known image at the same noise level.

    Mask polarity (diffusers' inpainting convention, white = repaint):
    ``mask == 1`` marks the region to GENERATE, ``mask == 0`` the region to KEEP.
      (1) x_known = sqrt(abar) * x0_known + sqrt(1 - abar) * noise  (q(x_t | x_0),
          Ho et al. 2020 Eq. 4), at the noise level of ``x_gen``;
      (2) x = mask * x_gen + (1 - mask) * x_known
    (RePaint, Lugmayr et al. 2022, Eq. 8; diffusers ``StableDiffusionInpaintPipeline``
    with a 4-channel UNet).  After the last step pass ``alpha_bar = 1``: the kept
    region is then exactly ``x0_known``.

    Args:
        x_gen: float tensor (B, C, H, W), the sample after a reverse step (level abar).
        x0_known: float tensor (B, C, H, W), the clean known image (latent).
        noise: float tensor (B, C, H, W), N(0, I) used to noise the known image.
        mask: float tensor broadcastable to (B, C, H, W) (e.g. (B, 1, H, W)), values
            in [0, 1]; 1 = generate, 0 = keep.
        alpha_bar: float tensor (B,) (or 0-dim / float), abar of ``x_gen``'s level.

    Returns:
        float tensor (B, C, H, W).

    Raises:
        ValueError: on mismatched shapes.
    """
    if x_gen.shape != x0_known.shape or noise.shape != x_gen.shape:
        raise ValueError(f"x_gen, x0_known and noise must have the same shape; got {tuple(x_gen.shape)}, "
                         f"{tuple(x0_known.shape)}, {tuple(noise.shape)}")
    abar = torch.as_tensor(alpha_bar, dtype=x_gen.dtype, device=x_gen.device)
    if abar.dim() > 0:
        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
    x_known = abar.sqrt() * x0_known + (1 - abar).sqrt() * noise  # (1)
    mask = mask.to(x_gen.dtype)
    return mask * x_gen + (1 - mask) * x_known  # (2)


# ---------------------------------------------------------------------------
# Style transfer
# ---------------------------------------------------------------------------
def gram_matrix(features):
    """Normalised Gram matrix of feature maps.

    G[b] = F_b F_b^T / (C * H * W), where F_b is the (C, H*W) matrix of sample b
    (Gatys et al. 2016, Eq. 3, divided by the number of elements C*H*W as in
    PyTorch's neural-style tutorial, so that G does not grow with the image size).

    Args:
        features: float tensor (B, C, H, W).

    Returns:
        float tensor (B, C, C), symmetric.

    Raises:
        ValueError: when ``features`` is not 4-D.
    """
    if features.dim() != 4:
        raise ValueError(f"features must be (B, C, H, W); got shape {tuple(features.shape)}")
    b, c, h, w = features.shape
    flat = features.reshape(b, c, h * w)  # (B, C, HW)
    return flat @ flat.transpose(1, 2) / (c * h * w)  # (B, C, C)


def style_loss(gen_features, style_features, layer_weights=None):
    """Style loss: weighted sum over layers of the mean squared Gram difference.

    L_style = sum_l w_l * mean_{b,i,j} (G_l(gen)[b,i,j] - G_l(style)[b,i,j])^2
    with G from :func:`gram_matrix` (Gatys et al. 2016, Eqs. 4-5 up to the
    constant: the 1/(4 N^2 M^2) factor is replaced by our Gram normalisation and
    the mean over the C*C entries and the batch).

    Args:
        gen_features: list of L float tensors (B, C_l, H_l, W_l), features of the
            generated image at each style layer.
        style_features: list of L tensors of the same shapes (style image).
        layer_weights: list of L floats, or None for all ones.

    Returns:
        0-dim float tensor, differentiable w.r.t. ``gen_features``.

    Raises:
        ValueError: on a different number of layers or weights, or mismatched shapes.
    """
    if len(gen_features) != len(style_features) or len(gen_features) == 0:
        raise ValueError(f"need the same non-zero number of layers; got {len(gen_features)} generated "
                         f"and {len(style_features)} style feature maps")
    if layer_weights is None:
        layer_weights = [1.0] * len(gen_features)
    if len(layer_weights) != len(gen_features):
        raise ValueError(f"got {len(layer_weights)} layer weights for {len(gen_features)} layers")
    total = 0.0
    for fg, fs, w in zip(gen_features, style_features, layer_weights):
        if fg.shape != fs.shape:
            raise ValueError(f"feature shapes differ: {tuple(fg.shape)} vs {tuple(fs.shape)}")
        g_gen = gram_matrix(fg)  # (B, C, C)
        g_sty = gram_matrix(fs)
        total = total + float(w) * ((g_gen - g_sty) ** 2).mean()
    return total


# ---------------------------------------------------------------------------
# Audio
# ---------------------------------------------------------------------------
def magnitude_spectrogram(wave, n_fft, hop_length):
    """Magnitude STFT with a periodic Hann window, no padding, no normalisation.

    |X[b, k, m]| = | sum_{n=0}^{N-1} w[n] x[b, m*hop + n] exp(-2 pi i k n / N) |
    for k = 0..N/2 (one-sided) and frames m = 0..1 + (L - N) // hop - 1, where
    w is ``torch.hann_window(N, periodic=True)`` (== scipy ``get_window('hann', N)``).
    Equal to ``torch.stft(..., center=False).abs()`` and to
    ``scipy.signal.stft(..., boundary=None, padded=False)`` times ``w.sum()``.

    Args:
        wave: float tensor (B, L), waveform samples.
        n_fft: int N >= 2, window and FFT length (samples).
        hop_length: int >= 1, frame step (samples).

    Returns:
        float tensor (B, N // 2 + 1, n_frames), same dtype as ``wave``.

    Raises:
        ValueError: when ``wave`` is not (B, L), L < n_fft, or the sizes are invalid.
    """
    if wave.dim() != 2:
        raise ValueError(f"wave must be (B, L); got shape {tuple(wave.shape)}")
    if n_fft < 2 or hop_length < 1:
        raise ValueError(f"need n_fft >= 2 and hop_length >= 1; got n_fft={n_fft}, hop_length={hop_length}")
    if wave.shape[1] < n_fft:
        raise ValueError(f"signal length {wave.shape[1]} is shorter than n_fft={n_fft}")
    window = torch.hann_window(n_fft, periodic=True, dtype=wave.dtype, device=wave.device)
    spec = torch.stft(wave, n_fft=n_fft, hop_length=hop_length, win_length=n_fft, window=window,
                      center=False, normalized=False, onesided=True, return_complex=True)
    return spec.abs()  # (B, N // 2 + 1, n_frames)


def mel_filterbank(sample_rate, n_fft, n_mels, f_min=0.0, f_max=None, norm=None, dtype=torch.float32):
    """Triangular mel filter bank on the HTK mel scale.

      (1) mel(f) = 2595 * log10(1 + f / 700)  (HTK), f(m) = 700 * (10^(m / 2595) - 1);
      (2) n_mels + 2 points equally spaced in mel between mel(f_min) and mel(f_max),
          converted back to Hz: f_0 < f_1 < ... < f_{n_mels+1};
      (3) filter i (0-based) is the triangle rising from f_i to f_{i+1} and falling to
          f_{i+2}, evaluated in Hz at the FFT bin frequencies k * sr / n_fft,
          k = 0..n_fft//2: max(0, min((f - f_i) / (f_{i+1} - f_i), (f_{i+2} - f) / (f_{i+2} - f_{i+1})));
      (4) norm="slaney": filter i is multiplied by 2 / (f_{i+2} - f_i) (equal area).
    Same as ``librosa.filters.mel(sr, n_fft, n_mels=..., fmin, fmax, htk=True, norm=None or "slaney")``.

    Args:
        sample_rate: sampling rate in Hz (> 0).
        n_fft: FFT length (>= 2).
        n_mels: number of filters (>= 1).
        f_min: lowest edge in Hz (>= 0).
        f_max: highest edge in Hz (<= sample_rate / 2); None means sample_rate / 2.
        norm: None (peak 1) or "slaney" (area normalisation).
        dtype: float dtype of the result.

    Returns:
        float tensor (n_mels, n_fft // 2 + 1); apply as ``fb @ power_spec``.

    Raises:
        ValueError: on invalid sizes, frequencies or ``norm``.
    """
    if f_max is None:
        f_max = sample_rate / 2.0
    if sample_rate <= 0 or n_fft < 2 or n_mels < 1:
        raise ValueError(f"need sample_rate > 0, n_fft >= 2, n_mels >= 1; got {sample_rate}, {n_fft}, {n_mels}")
    if not 0.0 <= f_min < f_max <= sample_rate / 2.0:
        raise ValueError(f"need 0 <= f_min < f_max <= sample_rate / 2 = {sample_rate / 2.0}; "
                         f"got f_min={f_min}, f_max={f_max}")
    if norm not in (None, "slaney"):
        raise ValueError(f"norm must be None or 'slaney', got {norm!r}")
    m_lo = 2595.0 * math.log10(1.0 + f_min / 700.0)  # (1)
    m_hi = 2595.0 * math.log10(1.0 + f_max / 700.0)
    mels = torch.linspace(m_lo, m_hi, n_mels + 2, dtype=torch.float64)  # (2)
    hz = 700.0 * (10.0 ** (mels / 2595.0) - 1.0)  # (n_mels + 2,)
    freqs = torch.arange(n_fft // 2 + 1, dtype=torch.float64) * sample_rate / n_fft  # (K,)
    lower, center, upper = hz[:-2, None], hz[1:-1, None], hz[2:, None]  # (n_mels, 1) each
    rise = (freqs[None, :] - lower) / (center - lower)  # (3) (n_mels, K)
    fall = (upper - freqs[None, :]) / (upper - center)
    fb = torch.clamp(torch.minimum(rise, fall), min=0.0)
    if norm == "slaney":
        fb = fb * (2.0 / (upper - lower))  # (4)
    return fb.to(dtype)


# ---------------------------------------------------------------------------
# 3-D: NeRF volume rendering and score distillation
# ---------------------------------------------------------------------------
def volume_render(sigma, rgb, t_vals, ray_dirs, far_delta=1e10):
    """NeRF volume rendering: sample weights and composited colour along rays.

    Mildenhall et al. 2020, Eq. 3:
      (1) delta_i = (t_{i+1} - t_i) * ||d||  (distance along the ray in world units;
          the last interval is ``far_delta``, "infinite", times ||d||);
      (2) alpha_i = 1 - exp(-sigma_i * delta_i);
      (3) T_i = exp(-sum_{j<i} sigma_j delta_j) = prod_{j<i} (1 - alpha_j)
          (EXCLUSIVE transmittance: T_0 = 1);
      (4) w_i = T_i * alpha_i,  C = sum_i w_i c_i.

    Args:
        sigma: float tensor (R, S), densities >= 0 (already activated), 1/units.
        rgb: float tensor (R, S, 3), colours of the samples.
        t_vals: float tensor (R, S), increasing sample positions along each ray
            (in units of the ray parameter t, point = o + t d).
        ray_dirs: float tensor (R, 3), ray directions d (not necessarily unit).
        far_delta: length (in t) of the last interval.

    Returns:
        (rgb_map, weights): float tensors (R, 3) and (R, S).

    Raises:
        ValueError: on mismatched shapes.
    """
    if sigma.dim() != 2 or t_vals.shape != sigma.shape or rgb.shape != (*sigma.shape, 3) \
            or ray_dirs.shape != (sigma.shape[0], 3):
        raise ValueError(f"expected sigma (R, S), rgb (R, S, 3), t_vals (R, S), ray_dirs (R, 3); got "
                         f"{tuple(sigma.shape)}, {tuple(rgb.shape)}, {tuple(t_vals.shape)}, {tuple(ray_dirs.shape)}")
    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
    tau = sigma * dists  # optical depth of each interval
    alpha = 1.0 - torch.exp(-tau)  # (2)
    # exclusive cumulative sum (NOT cumsum(tau) - tau: the last tau is ~1e10 and would
    # swallow the sum before it in floating point)
    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
    trans = torch.exp(-depth_before)  # (3)
    weights = trans * alpha  # (4) (R, S)
    rgb_map = (weights[..., None] * rgb).sum(dim=1)  # (R, 3)
    return rgb_map, weights


def sds_gradient(eps_hat, eps, alphas_cumprod, t):
    """Score distillation sampling (SDS) gradient with respect to the rendered image.

    DreamFusion (Poole et al. 2022), Eq. 3:
      grad_x L_SDS = w(t) * (eps_hat(x_t; y, t) - eps),   w(t) = sigma_t^2 = 1 - abar_t,
    where x_t = sqrt(abar_t) x + sqrt(1 - abar_t) eps was given to the frozen
    denoiser and ``eps_hat`` is its (guided) prediction.  The U-Net Jacobian is
    omitted.  Back-propagate through the renderer with ``x.backward(gradient=g)``.

    Args:
        eps_hat: float tensor (B, ...), predicted noise.
        eps: float tensor (B, ...), the noise that was added.
        alphas_cumprod: float tensor (T,).
        t: int64 tensor (B,), timestep of each sample.

    Returns:
        float tensor like ``eps_hat`` (no graph to the denoiser).

    Raises:
        ValueError: on mismatched shapes or timesteps outside [0, T).
    """
    if eps_hat.shape != eps.shape:
        raise ValueError(f"eps_hat shape {tuple(eps_hat.shape)} must equal eps shape {tuple(eps.shape)}")
    t = torch.as_tensor(t).reshape(-1)
    if t.shape[0] != eps.shape[0]:
        raise ValueError(f"t must have one entry per sample: got {t.shape[0]} for batch {eps.shape[0]}")
    if bool((t < 0).any()) or bool((t >= alphas_cumprod.shape[0]).any()):
        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
    return (w * (eps_hat - eps)).detach()
