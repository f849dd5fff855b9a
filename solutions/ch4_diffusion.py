"""Reference implementations for chapter 4 (Diffusion Models) of 生成モデル入門.

Every function is pure: randomness enters only through explicit noise tensors.
Conventions follow Hugging Face diffusers (DDPMScheduler, DDIMScheduler,
``get_timestep_embedding``) so that each reference can be compared numerically
with diffusers; where diffusers computes the previous DDIM timestep as
``t - T // n`` (wrong for "trailing" and "linspace" spacing when ``n`` does not
divide ``T``), :func:`ddim_step` takes the next element of the timestep list.

Papers cited in the comments:
- [DDPM] Ho, Jain, Abbeel, "Denoising Diffusion Probabilistic Models", 2020.
- [IDDPM] Nichol, Dhariwal, "Improved Denoising Diffusion Probabilistic Models", 2021.
- [DDIM] Song, Meng, Ermon, "Denoising Diffusion Implicit Models", 2021.
- [NCSN] Song, Ermon, "Generative Modeling by Estimating Gradients of the Data Distribution", 2019.
- [DSM] Vincent, "A Connection Between Score Matching and Denoising Autoencoders", 2011.
- [LDM] Rombach et al., "High-Resolution Image Synthesis with Latent Diffusion Models", 2022.
- [CFG] Ho, Salimans, "Classifier-Free Diffusion Guidance", 2022.
- [ZSNR] Lin et al., "Common Diffusion Noise Schedules and Sample Steps are Flawed", 2024.
- [Transformer] Vaswani et al., "Attention Is All You Need", 2017.
- [PD] Salimans, Ho, "Progressive Distillation for Fast Sampling of Diffusion Models", 2022 (v-prediction).
"""
from __future__ import annotations

import math

import torch

__all__ = [
    "beta_schedule", "alphas_cumprod_from_betas", "q_sample", "posterior_coefficients",
    "epsilon_loss", "ddpm_step", "gmm_score", "dsm_loss", "annealed_langevin",
    "timestep_embedding", "encode_latents", "decode_latents", "estimate_scaling_factor",
    "cross_attention", "ddim_timesteps", "ddim_step", "classifier_free_guidance",
    "ddpm_sample", "ddim_sample",
]

SCHEDULES = ("linear", "scaled_linear", "squaredcos_cap_v2")
PREDICTION_TYPES = ("epsilon", "v_prediction", "sample")
VARIANCE_TYPES = ("fixed_small", "fixed_large")
SPACINGS = ("leading", "trailing", "linspace")


# ---------------------------------------------------------------------------
# 1. Forward process
# ---------------------------------------------------------------------------

def beta_schedule(kind: str, num_train_timesteps: int, beta_start: float = 1e-4,
                  beta_end: float = 0.02, max_beta: float = 0.999) -> torch.Tensor:
    """Noise schedule beta_1..beta_T.

    Args:
        kind: "linear" (linspace(beta_start, beta_end, T), [DDPM] Sec. 4),
            "scaled_linear" (linspace(sqrt(beta_start), sqrt(beta_end), T) ** 2, the Stable
            Diffusion schedule) or "squaredcos_cap_v2" (cosine schedule [IDDPM] eq. 17:
            abar(s) = cos((s + 0.008) / 1.008 * pi / 2) ** 2 on s = t / T, and
            beta_t = min(1 - abar((t + 1) / T) / abar(t / T), max_beta)).
        num_train_timesteps: T >= 1.
        beta_start, beta_end: endpoints for the linear schedules (ignored for cosine).
        max_beta: the cap of the cosine schedule (0.999 in [IDDPM]: without it the
            last beta is 1 and 1 / sqrt(alpha_T) is infinite).

    Returns:
        float64 tensor of shape (T,), index t = 0..T-1 (diffusers' DDPMScheduler.betas).

    Raises:
        ValueError: unknown ``kind`` or T < 1.
    Source: diffusers DDPMScheduler.__init__ and ``betas_for_alpha_bar``.
    """
    if not isinstance(num_train_timesteps, int) or num_train_timesteps < 1:
        raise ValueError(f"num_train_timesteps={num_train_timesteps!r} must be an int >= 1")
    if kind == "linear":
        return torch.linspace(beta_start, beta_end, num_train_timesteps, dtype=torch.float64)
    if kind == "scaled_linear":
        return torch.linspace(beta_start ** 0.5, beta_end ** 0.5, num_train_timesteps,
                              dtype=torch.float64) ** 2
    if kind == "squaredcos_cap_v2":
        def abar(s):  # [IDDPM] eq. 17 with offset 0.008
            return math.cos((s + 0.008) / 1.008 * math.pi / 2) ** 2
        T = num_train_timesteps
        # [IDDPM] eq. 17 -> beta_t = 1 - abar_t / abar_{t-1}, clipped to max_beta
        betas = [min(1.0 - abar((i + 1) / T) / abar(i / T), max_beta) for i in range(T)]
        return torch.tensor(betas, dtype=torch.float64)
    raise ValueError(f"kind={kind!r} is not supported; use 'linear', 'scaled_linear' or 'squaredcos_cap_v2'")


def alphas_cumprod_from_betas(betas: torch.Tensor) -> torch.Tensor:
    """abar_t = prod_{s <= t} (1 - beta_s) ([DDPM] notation above eq. 4).

    Args:
        betas: (T,) float tensor.
    Returns:
        (T,) tensor of the same dtype, decreasing from 1 - beta_0.
    Source: diffusers ``torch.cumprod(1 - betas, dim=0)``.
    """
    return torch.cumprod(1.0 - betas, dim=0)


def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             alphas_cumprod: torch.Tensor) -> torch.Tensor:
    """Sample x_t ~ q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I)  ([DDPM] eq. 4).

    Args:
        x0: (B, ...) clean data, float.
        t: (B,) int64 timesteps, one per sample (0-based indices into alphas_cumprod).
        noise: same shape as x0, standard normal.
        alphas_cumprod: (T,) abar.
    Returns:
        x_t, shape and dtype of x0.  Equal to diffusers ``DDPMScheduler.add_noise``.
    """
    a = alphas_cumprod.to(torch.float64)[t]                 # (B,)
    a = a.reshape(-1, *([1] * (x0.dim() - 1)))              # (B, 1, ..., 1) broadcasts over x0
    # [DDPM] eq. 4: sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    return (a.sqrt() * x0.to(torch.float64) + (1 - a).sqrt() * noise.to(torch.float64)).to(x0.dtype)


# ---------------------------------------------------------------------------
# 2. DDPM
# ---------------------------------------------------------------------------

def posterior_coefficients(alphas_cumprod: torch.Tensor, t: torch.Tensor,
                           t_prev: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Coefficients of q(x_{t_prev} | x_t, x_0) = N(c0 x_0 + ct x_t, var I).

    With skipped steps (t_prev < t - 1) the "effective" beta is
    beta_eff = 1 - abar_t / abar_{t_prev} (not betas[t]).  ``t_prev < 0`` means abar_prev = 1.

    Args:
        alphas_cumprod: (T,) abar.
        t, t_prev: (B,) int64 with t_prev < t.
    Returns:
        (c0, ct, var), each (B,) float64:
        c0 = sqrt(abar_prev) beta_eff / (1 - abar_t), ct = sqrt(alpha_eff) (1 - abar_prev) / (1 - abar_t),
        var = (1 - abar_prev) / (1 - abar_t) * beta_eff  ([DDPM] eq. 6-7, alpha_eff = 1 - beta_eff).
    Source: diffusers DDPMScheduler.step (steps 1 and 4) and ``_get_variance``.
    """
    t = torch.as_tensor(t, dtype=torch.int64)
    t_prev = torch.as_tensor(t_prev, dtype=torch.int64)
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = torch.where(t_prev >= 0, ac[t_prev.clamp_min(0)], torch.ones_like(a_t))
    alpha_eff = a_t / a_prev                    # (1) alpha_t of the skipped step
    beta_eff = 1 - alpha_eff                    # (2) effective beta
    c0 = a_prev.sqrt() * beta_eff / (1 - a_t)   # (3) [DDPM] eq. 7, x_0 coefficient
    ct = alpha_eff.sqrt() * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
    var = (1 - a_prev) / (1 - a_t) * beta_eff   # (5) [DDPM] eq. 7, beta-tilde
    return c0, ct, var


def epsilon_loss(eps_model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
                 alphas_cumprod: torch.Tensor) -> torch.Tensor:
    """The simple DDPM objective ([DDPM] eq. 14, Algorithm 1).

    L = mean over all elements of (eps_model(x_t, t) - noise) ** 2 with
    x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) noise.

    Args:
        eps_model: callable (x_t (B, ...), t (B,) int64) -> (B, ...) predicted noise.
        x0: (B, ...) data; t: (B,) int64; noise: like x0; alphas_cumprod: (T,).
    Returns:
        scalar tensor (0-dim), differentiable w.r.t. the model's parameters.
    Source: ``F.mse_loss(eps_model(x_t, t), noise)`` as in diffusers' train_unconditional example.
    """
    a = alphas_cumprod.to(x0.dtype)[t].reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise           # (1) [DDPM] eq. 4
    return torch.mean((eps_model(x_t, t) - noise) ** 2)    # (2) [DDPM] eq. 14


def ddpm_step(model_output: torch.Tensor, t: int, x_t: torch.Tensor, alphas_cumprod: torch.Tensor,
              noise: torch.Tensor | None = None, t_prev: int | None = None,
              prediction_type: str = "epsilon", variance_type: str = "fixed_small",
              clip_sample: bool = False, clip_sample_range: float = 1.0) -> torch.Tensor:
    """One ancestral DDPM step x_t -> x_{t_prev} ([DDPM] Algorithm 2, eq. 7 and 15).

    Args:
        model_output: (B, ...) the network output, interpreted by ``prediction_type``:
            "epsilon" (noise), "v_prediction" (v = sqrt(abar) eps - sqrt(1 - abar) x_0, [PD] Sec. 4)
            or "sample" (x_0 itself).
        t: current timestep (int); t_prev: previous timestep (default t - 1; -1 means abar_prev = 1).
        x_t: (B, ...) current sample.
        alphas_cumprod: (T,) abar.
        noise: standard normal like x_t; required when t > 0 (no noise is added at t = 0).
        variance_type: "fixed_small" (beta-tilde, the posterior variance) or "fixed_large"
            (beta_eff) ([DDPM] Sec. 3.2: sigma_t^2 = beta_t or beta-tilde_t).
        clip_sample: clamp the predicted x_0 to [-clip_sample_range, clip_sample_range].
    Returns:
        x_{t_prev}, shape and dtype of x_t.  Equal to diffusers ``DDPMScheduler.step``.
    Raises:
        ValueError: unknown prediction/variance type, or noise missing when t > 0.
    """
    if prediction_type not in ("epsilon", "v_prediction", "sample"):
        raise ValueError(f"prediction_type={prediction_type!r}; use 'epsilon', 'v_prediction' or 'sample'")
    if variance_type not in ("fixed_small", "fixed_large"):
        raise ValueError(f"variance_type={variance_type!r}; use 'fixed_small' or 'fixed_large'")
    t = int(t)
    t_prev = t - 1 if t_prev is None else int(t_prev)
    if t > 0 and noise is None:
        raise ValueError("noise is required when t > 0 (pass a standard-normal tensor like x_t)")
    x = x_t.to(torch.float64)
    out = model_output.to(torch.float64)
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = ac[t_prev] if t_prev >= 0 else torch.ones((), dtype=torch.float64)
    # (1) predicted x_0 ([DDPM] eq. 15; v-prediction [PD] eq. 31)
    if prediction_type == "epsilon":
        x0 = (x - (1 - a_t).sqrt() * out) / a_t.sqrt()
    elif prediction_type == "v_prediction":
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
    else:
        x0 = out
    # (2) optional clipping of x_0 to the data range
    if clip_sample:
        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
    # (3) posterior mean ([DDPM] eq. 7) with the effective beta of the (possibly skipped) step
    beta_eff = 1 - a_t / a_prev
    mean = (a_prev.sqrt() * beta_eff / (1 - a_t)) * x0 + ((1 - beta_eff).sqrt() * (1 - a_prev) / (1 - a_t)) * x
    if t == 0:
        return mean.to(x_t.dtype)
    # (4) variance: beta-tilde (fixed_small, [DDPM] eq. 7) or beta_eff (fixed_large), then add sigma * z
    if variance_type == "fixed_small":
        sigma2 = ((1 - a_prev) / (1 - a_t) * beta_eff).clamp_min(1e-20)
    else:
        sigma2 = beta_eff
    return (mean + sigma2.sqrt() * noise.to(torch.float64)).to(x_t.dtype)


# ---------------------------------------------------------------------------
# 3. Score-based view
# ---------------------------------------------------------------------------

def gmm_score(x: torch.Tensor, weights: torch.Tensor, means: torch.Tensor,
              stds: torch.Tensor) -> torch.Tensor:
    """Score grad_x log p(x) of an isotropic Gaussian mixture p = sum_k w_k N(mu_k, s_k^2 I).

    grad log p(x) = sum_k r_k(x) (mu_k - x) / s_k^2 with responsibilities
    r_k = softmax_k(log w_k + log N(x; mu_k, s_k^2 I)) (computed with logsumexp).

    Args:
        x: (N, D) points; weights: (K,) positive, summing to 1; means: (K, D); stds: (K,) > 0.
    Returns:
        (N, D), dtype of x.  Equal to the autograd gradient of
        ``torch.distributions.MixtureSameFamily(...).log_prob(x).sum()``.
    """
    xd = x.to(torch.float64)
    w, mu, s = weights.to(torch.float64), means.to(torch.float64), stds.to(torch.float64)
    D = xd.shape[-1]
    diff = mu[None, :, :] - xd[:, None, :]                         # (N, K, D)
    # (1) log w_k + log N(x; mu_k, s_k^2 I)
    logp = (torch.log(w)[None] - 0.5 * (diff ** 2).sum(-1) / s[None] ** 2
            - D * torch.log(s)[None] - 0.5 * D * math.log(2 * math.pi))   # (N, K)
    # (2) responsibilities r_k = softmax over k
    r = torch.softmax(logp, dim=1)                                  # (N, K)
    # (3) sum_k r_k (mu_k - x) / s_k^2
    return (r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)


def dsm_loss(score: torch.Tensor, noise: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Denoising score matching loss with lambda(sigma) = sigma^2 ([DSM] eq. 9; [NCSN] eq. 2, 5-6).

    For x~ = x + sigma z the target score is grad log q(x~ | x) = -z / sigma; the loss is
    mean over the batch of 1/2 sigma^2 || score + z / sigma ||^2 (sum over the D dims).

    Args:
        score: (N, D) model score at x~; noise: (N, D) the z used to build x~;
        sigma: (N,) noise levels (or a float).
    Returns:
        scalar (0-dim) tensor.
    """
    sigma = torch.as_tensor(sigma, dtype=score.dtype)
    sigma = sigma.reshape(-1, *([1] * (score.dim() - 1))) if sigma.dim() else sigma  # (N, 1)
    target = -noise / sigma                                          # (1) [NCSN] eq. 5
    per_sample = 0.5 * (sigma ** 2 * (score - target) ** 2).flatten(1).sum(1)  # (2) eq. 6
    return per_sample.mean()


def annealed_langevin(score_fn, x: torch.Tensor, sigmas: torch.Tensor, step_size: float,
                      noise: torch.Tensor) -> torch.Tensor:
    """Annealed Langevin dynamics ([NCSN] Algorithm 1).

    For each level i (sigmas decreasing) alpha_i = step_size * sigma_i^2 / sigma_L^2 and for
    each of the n_steps steps: x <- x + alpha_i / 2 * score_fn(x, sigma_i) + sqrt(alpha_i) z.

    Args:
        score_fn: callable (x (N, D), sigma float) -> (N, D) score of the sigma-smoothed target.
        x: (N, D) initial points.
        sigmas: (L,) decreasing noise levels; sigma_L = sigmas[-1].
        step_size: epsilon of Algorithm 1 (> 0).
        noise: (L, n_steps, N, D) standard normal; noise[i, j] is z of step j at level i.
    Returns:
        (N, D) final points, dtype of x.
    """
    sig = torch.as_tensor(sigmas, dtype=torch.float64)
    for i in range(noise.shape[0]):
        alpha = step_size * (sig[i] / sig[-1]) ** 2              # (1) alpha_i
        for j in range(noise.shape[1]):
            # (2) Langevin update with the level's score
            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
    return x


# ---------------------------------------------------------------------------
# 4. Stable Diffusion components
# ---------------------------------------------------------------------------

def timestep_embedding(timesteps: torch.Tensor, embedding_dim: int, flip_sin_to_cos: bool = False,
                       downscale_freq_shift: float = 1.0, scale: float = 1.0,
                       max_period: int = 10000) -> torch.Tensor:
    """Sinusoidal timestep embedding ([Transformer] Sec. 3.5, as in the DDPM UNet).

    freq_i = exp(-ln(max_period) * i / (half - downscale_freq_shift)), i = 0..half-1, half = dim // 2;
    emb = [sin(scale t freq), cos(scale t freq)] ([cos, sin] when flip_sin_to_cos); an odd
    embedding_dim gets one zero column at the end.

    Args:
        timesteps: (N,) int or float tensor.
        embedding_dim: output width >= 2.
    Returns:
        (N, embedding_dim) float tensor: float64 when timesteps is float64, else float32.
    Source: diffusers ``models.embeddings.get_timestep_embedding`` (same arguments and defaults).
    """
    if timesteps.dim() != 1:
        raise ValueError(f"timesteps must be 1-D (N,), got shape {tuple(timesteps.shape)}")
    dtype = torch.float64 if timesteps.dtype == torch.float64 else torch.float32
    half = embedding_dim // 2
    if half - downscale_freq_shift == 0:
        raise ValueError(f"embedding_dim={embedding_dim} with downscale_freq_shift={downscale_freq_shift} "
                         "divides by zero; use embedding_dim >= 4 or another shift")
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / (half - downscale_freq_shift)
    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)                           # (N, 2 half)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
    if embedding_dim % 2 == 1:
        emb = torch.nn.functional.pad(emb, (0, 1))
    return emb.to(dtype)


def encode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    """Scale VAE latents for the diffusion model: (z - shift_factor) * scaling_factor.

    [LDM] Sec. 4.3.2 / App. G: latents are rescaled to unit variance (0.18215 for SD 1.x);
    shift_factor as in SD3 (diffusers pipelines: ``(latents - shift) * scaling``).
    Args: z (B, C, H, W) any float. Returns: same shape and dtype.
    """
    return (z - shift_factor) * scaling_factor


def decode_latents(z: torch.Tensor, scaling_factor: float = 0.18215, shift_factor: float = 0.0) -> torch.Tensor:
    """Inverse of :func:`encode_latents`: z / scaling_factor + shift_factor (before vae.decode)."""
    return z / scaling_factor + shift_factor


def estimate_scaling_factor(latents: torch.Tensor) -> torch.Tensor:
    """1 / std of all latent entries (unbiased std, torch default) ([LDM] Sec. 4.3.2).

    Args: latents (B, C, H, W). Returns: 0-dim tensor, dtype of latents.
    """
    return 1.0 / latents.flatten().std()


def cross_attention(x: torch.Tensor, context: torch.Tensor, w_q: torch.Tensor, w_k: torch.Tensor,
                    w_v: torch.Tensor, w_o: torch.Tensor, b_o: torch.Tensor, heads: int) -> torch.Tensor:
    """Multi-head cross-attention: queries from image tokens, keys/values from text tokens.

    q = x W_q^T, k = c W_k^T, v = c W_v^T split into ``heads`` heads of width d = inner / heads;
    out_h = softmax(q_h k_h^T / sqrt(d)) v_h ([Transformer] eq. 1); heads concatenated, then
    out = concat W_o^T + b_o.  (No biases on q, k, v, as in diffusers ``Attention``.)

    Args:
        x: (B, N, Dq) image tokens; context: (B, M, Dc) text tokens.
        w_q: (inner, Dq); w_k, w_v: (inner, Dc); w_o: (Dq, inner); b_o: (Dq,); heads divides inner.
    Returns:
        (B, N, Dq).  Equal to ``F.scaled_dot_product_attention`` on the split heads and to
        diffusers ``Attention(query_dim, cross_attention_dim, heads, dim_head)``.
    """
    B, N, _ = x.shape
    M = context.shape[1]
    inner = w_q.shape[0]
    if inner % heads:
        raise ValueError(f"heads={heads} must divide the inner width {inner}")
    d = inner // heads
    q = (x @ w_q.T).reshape(B, N, heads, d).transpose(1, 2)         # (B, H, N, d)
    k = (context @ w_k.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
    v = (context @ w_v.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)  # (B, H, N, M)
    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
    return out @ w_o.T + b_o


# ---------------------------------------------------------------------------
# 5. Fast sampling
# ---------------------------------------------------------------------------

def ddim_timesteps(num_train_timesteps: int, num_inference_steps: int, spacing: str = "leading",
                   steps_offset: int = 0) -> torch.Tensor:
    """The sampling timesteps, descending ([DDIM] Sec. 4.2; [ZSNR] Table 2).

    - "leading": arange(0, n) * (T // n), reversed, plus steps_offset;
    - "trailing": round(arange(T, 0, -T / n)) - 1 (always starts at T - 1);
    - "linspace": round(linspace(0, T - 1, n)), reversed.
    steps_offset applies to "leading" only (as in diffusers).

    Returns:
        (n,) int64 tensor.  Equal to ``DDIMScheduler.set_timesteps(n).timesteps``.
    Raises:
        ValueError: unknown spacing, or n not in 1..T.
    """
    if spacing not in ("leading", "trailing", "linspace"):
        raise ValueError(f"spacing={spacing!r}; use 'leading', 'trailing' or 'linspace'")
    T, n = num_train_timesteps, num_inference_steps
    if not 1 <= n <= T:
        raise ValueError(f"num_inference_steps={n} must be between 1 and num_train_timesteps={T}")
    if spacing == "leading":
        ts = torch.arange(n, dtype=torch.int64) * (T // n)
        return ts.flip(0) + steps_offset
    if spacing == "trailing":
        # np.round(np.arange(T, 0, -T / n)) - 1, computed in float64 with round-half-even
        ts = torch.round(T - torch.arange(n, dtype=torch.float64) * (T / n)).to(torch.int64)
        return ts - 1
    return torch.round(torch.linspace(0, T - 1, n, dtype=torch.float64)).to(torch.int64).flip(0)


def ddim_step(model_output: torch.Tensor, t: int, x_t: torch.Tensor, timesteps: torch.Tensor,
              alphas_cumprod: torch.Tensor, eta: float = 0.0, noise: torch.Tensor | None = None,
              prediction_type: str = "epsilon", clip_sample: bool = False,
              clip_sample_range: float = 1.0, final_alpha_cumprod: float = 1.0) -> torch.Tensor:
    """One DDIM step ([DDIM] eq. 12 and 16).

    The previous timestep is the element after ``t`` in ``timesteps`` (or "none" after the
    last one, where abar_prev = final_alpha_cumprod).  diffusers uses t - T // n instead,
    which is the same for "leading" spacing but not for "trailing"/"linspace" when n does
    not divide T (cases C04, C05).

    x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps_hat + sigma z,
    sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev).

    Args:
        model_output: (B, ...) network output ("epsilon", "v_prediction" or "sample").
        t: current timestep, an element of ``timesteps``.
        x_t: (B, ...); timesteps: (n,) int64 descending; alphas_cumprod: (T,).
        eta: 0 = deterministic DDIM, 1 = DDPM-like variance.
        noise: standard normal like x_t, required when eta > 0.
        clip_sample: clamp x0_hat to [-clip_sample_range, clip_sample_range] (eps_hat is not re-derived).
    Returns:
        x_prev, shape and dtype of x_t.  Equal to ``DDIMScheduler.step`` whenever diffusers'
        previous timestep equals the next list element.
    Raises:
        ValueError: t not in timesteps, unknown prediction type, noise missing for eta > 0.
    """
    if prediction_type not in ("epsilon", "v_prediction", "sample"):
        raise ValueError(f"prediction_type={prediction_type!r}; use 'epsilon', 'v_prediction' or 'sample'")
    ts = [int(v) for v in torch.as_tensor(timesteps).reshape(-1).tolist()]
    t = int(t)
    if t not in ts:
        raise ValueError(f"t={t} is not in timesteps {ts}")
    if eta > 0 and noise is None:
        raise ValueError("noise is required when eta > 0")
    i = ts.index(t)
    # (1) previous timestep: the next element of the list, not t - T // n
    t_prev = ts[i + 1] if i + 1 < len(ts) else -1
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = ac[t_prev] if t_prev >= 0 else torch.tensor(float(final_alpha_cumprod), dtype=torch.float64)
    x = x_t.to(torch.float64)
    out = model_output.to(torch.float64)
    # (2) x0_hat and eps_hat ([DDIM] eq. 12 "predicted x_0")
    if prediction_type == "epsilon":
        x0, eps = (x - (1 - a_t).sqrt() * out) / a_t.sqrt(), out
    elif prediction_type == "sample":
        x0 = out
        eps = (x - a_t.sqrt() * x0) / (1 - a_t).sqrt()
    else:
        x0 = a_t.sqrt() * x - (1 - a_t).sqrt() * out
        eps = a_t.sqrt() * out + (1 - a_t).sqrt() * x
    if clip_sample:
        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
    # (3) sigma_t(eta), [DDIM] eq. 16
    sigma = eta * ((1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)).sqrt()
    # (4) [DDIM] eq. 12
    x_prev = a_prev.sqrt() * x0 + (1 - a_prev - sigma ** 2).sqrt() * eps
    if eta > 0:
        x_prev = x_prev + sigma * noise.to(torch.float64)
    return x_prev.to(x_t.dtype)


def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    """Combine a batched [uncond, cond] prediction ([CFG] eq. 6, diffusers convention).

    eps = eps_u + w (eps_c - eps_u)  (w = 1: conditional only; w = 0: unconditional only).
    With guidance_rescale phi > 0 ([ZSNR] Sec. 3.4, eq. 15-16):
    eps <- phi * eps * std(eps_c) / std(eps) + (1 - phi) * eps, std over all non-batch dims
    (unbiased, torch default).

    Args:
        model_output: (2B, ...) with the unconditional half first: ``torch.cat([uncond, cond])``.
        guidance_scale: w (float).
    Returns:
        (B, ...).  Equal to the StableDiffusionPipeline's guidance and ``rescale_noise_cfg``.
    Raises:
        ValueError: odd batch size.
    """
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
        # (3) [ZSNR] eq. 16: mix
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided


# ---------------------------------------------------------------------------
# 6. Sampling loops
# ---------------------------------------------------------------------------

def ddpm_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                noise: torch.Tensor) -> torch.Tensor:
    """Ancestral sampling ([DDPM] Algorithm 2) over a descending ``timesteps`` list.

    For i, t in enumerate(timesteps): x <- ddpm_step(eps_model(x, t_batch), t, x, alphas_cumprod,
    noise=noise[i], t_prev=next element or -1) with epsilon prediction and fixed_small variance.

    Args:
        eps_model: callable (x (B, D), t (B,) int64) -> (B, D).
        x_T: (B, D) start (standard normal); timesteps: (n,) int64 descending.
        noise: (n, B, D) standard normal (noise[i] is used at step i when t > 0).
    Returns:
        (B, D) samples, dtype of x_T.
    """
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_prev = ts[i + 1] if i + 1 < len(ts) else -1
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=t_prev)
    return x


def ddim_sample(eps_model, x_T: torch.Tensor, alphas_cumprod: torch.Tensor, timesteps: torch.Tensor,
                eta: float = 0.0, noise: torch.Tensor | None = None) -> torch.Tensor:
    """DDIM sampling ([DDIM] eq. 12) with ``ddim_step`` over a descending ``timesteps`` list.

    Args:
        eps_model: callable (x (B, D), t (B,) int64) -> (B, D).
        x_T: (B, D); timesteps: (n,) int64 descending; eta: as in ddim_step.
        noise: (n, B, D) standard normal, required when eta > 0 (noise[i] at step i).
    Returns:
        (B, D) samples, dtype of x_T (final_alpha_cumprod = 1).
    """
    ts = [int(v) for v in timesteps.tolist()]
    x = x_T
    for i, t in enumerate(ts):
        t_batch = torch.full((x.shape[0],), t, dtype=torch.int64)
        eps = eps_model(x, t_batch)
        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta,
                      noise=None if noise is None else noise[i])
    return x
