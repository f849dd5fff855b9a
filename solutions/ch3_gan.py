"""Reference implementations for chapter 3 (GAN): losses, DCGAN, StyleGAN pieces,
stabilisation (spectral normalisation, WGAN-GP, R1) and mode coverage.

Every function is pure: randomness enters only through explicit arguments
(noise tensors, interpolation weights, starting vectors, ``torch.Generator``).
Conventions: "logits" are the discriminator's raw scores ``D(x) = sigmoid(logit)``;
losses are means over every element (a scalar tensor of the input's dtype).

Sources:
- [GAN]    Goodfellow et al. 2014, "Generative Adversarial Nets", eq. (1) and Sec. 3.
- [DCGAN]  Radford, Metz, Chintala 2016, "Unsupervised Representation Learning with DCGANs", Sec. 3-4.
- [HINGE]  Lim & Ye 2017 "Geometric GAN"; Miyato et al. 2018 (SN-GAN), eq. (16)-(17).
- [ADAIN]  Huang & Belongie 2017, "Arbitrary Style Transfer ... AdaIN", eq. (8).
- [STYLE]  Karras, Laine, Aila 2019, "A Style-Based Generator Architecture for GANs",
           eq. (1), Sec. 2 (mapping network) and Sec. 3.1 (style mixing).
- [SN]     Miyato et al. 2018, "Spectral Normalization for GANs", eq. (8), Algorithm 1.
- [WGANGP] Gulrajani et al. 2017, "Improved Training of Wasserstein GANs", eq. (3), Algorithm 1.
- [R1]     Mescheder, Geiger, Nowozin 2018, "Which Training Methods for GANs do actually
           Converge?", eq. (9).
- [VEEGAN] Srivastava et al. 2017, "VEEGAN", Sec. 5.1 (ring of Gaussians, high-quality samples).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "bce_logits", "d_loss_minimax", "g_loss_minimax", "g_loss_nonsaturating",
    "d_loss_hinge", "g_loss_hinge",
    "DCGANGenerator", "DCGANDiscriminator", "dcgan_init_",
    "adain", "MappingNetwork", "style_mixing",
    "spectral_norm_weight", "gradient_penalty", "r1_penalty",
    "ring_centers", "mode_coverage", "gan_train_step",
]


# ---------------------------------------------------------------------------
# 1. Losses on logits
# ---------------------------------------------------------------------------
def bce_logits(logits: torch.Tensor, target: float) -> torch.Tensor:
    """Mean binary cross-entropy between ``sigmoid(logits)`` and a constant target.

    ``BCE(x, t) = -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))] = softplus(x) - t x``,
    computed stably from the logits (never through ``sigmoid`` then ``log``).
    Same value as ``torch.nn.functional.binary_cross_entropy_with_logits(logits,
    torch.full_like(logits, target))``.

    Args:
        logits: float tensor of any shape, e.g. (B,) or (B, 1): raw discriminator scores.
        target: the label, a number in [0, 1] (1 = "real", 0 = "fake").

    Returns:
        scalar tensor (dtype of ``logits``): the mean over all elements.

    Raises:
        TypeError: ``logits`` is not a floating-point tensor.
        ValueError: ``target`` is outside [0, 1].
    """
    if not (isinstance(logits, torch.Tensor) and logits.is_floating_point()):
        raise TypeError(f"logits must be a floating-point tensor (float32 or float64), got {logits!r:.80}")
    if not 0.0 <= float(target) <= 1.0:
        raise ValueError(f"target must lie in [0, 1], got {target}")
    # log(1 + e^x) - t x ; softplus is evaluated stably for large |x|
    return (F.softplus(logits) - float(target) * logits).mean()


def d_loss_minimax(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Discriminator loss of the minimax game [GAN] eq. (1), as BCE on logits.

    ``L_D = -E[log D(x)] - E[log(1 - D(G(z)))] = BCE(real, 1) + BCE(fake, 0)``
    (each term a mean over its own batch).

    Args:
        real_logits: float tensor (B,) or (B, 1): D's logits on real data.
        fake_logits: float tensor (B',) or (B', 1): D's logits on generated data.

    Returns:
        scalar tensor (dtype of the logits).
    """
    return bce_logits(real_logits, 1.0) + bce_logits(fake_logits, 0.0)


def g_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
    """The original (saturating) generator loss of [GAN] eq. (1).

    ``L_G = E[log(1 - D(G(z)))] = -BCE(fake, 0) = -mean(softplus(fake_logits))``.
    G *minimises* this value; its gradient vanishes when D confidently rejects the
    fakes (``fake_logits`` very negative), which is the case early in training.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits), always <= 0.
    """
    return -bce_logits(fake_logits, 0.0)


def g_loss_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating generator loss [GAN] Sec. 3: maximise log D(G(z)) instead.

    ``L_G = -E[log D(G(z))] = BCE(fake, 1) = mean(softplus(-fake_logits))``.
    Its derivative w.r.t. one logit ``l`` is ``-(1 - sigmoid(l)) / N``, close to
    ``-1/N`` when D rejects the fake (``l << 0``), whereas the saturating loss has
    ``-sigmoid(l) / N``, close to 0 there.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits), differentiable w.r.t. ``fake_logits``.
    """
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    # -log sigmoid(l) = softplus(-l), stable for large |l|
    return F.softplus(-fake_logits).mean()


def d_loss_hinge(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Hinge discriminator loss [HINGE] (SN-GAN eq. 16).

    ``L_D = E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]`` with D the raw score.

    Args:
        real_logits: float tensor (B,) or (B, 1).
        fake_logits: float tensor (B',) or (B', 1).

    Returns:
        scalar tensor (dtype of the logits), >= 0.
    """
    if not (isinstance(real_logits, torch.Tensor) and real_logits.is_floating_point()):
        raise TypeError(f"real_logits must be a floating-point tensor (float32 or float64), got {real_logits!r:.80}")
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()


def g_loss_hinge(fake_logits: torch.Tensor) -> torch.Tensor:
    """Hinge generator loss [HINGE] (SN-GAN eq. 17): ``L_G = -E[D(G(z))]``.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits).
    """
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    return -fake_logits.mean()


# ---------------------------------------------------------------------------
# 2. DCGAN (32 x 32 images)
# ---------------------------------------------------------------------------
class DCGANGenerator(nn.Module):
    """DCGAN generator [DCGAN] for 32x32 images.

    Spec (c = ``base_channels``; all transposed convs kernel 4, ``bias=False``),
    as ``self.net = nn.Sequential(...)`` with exactly these indices (they are the
    ``state_dict`` keys ``net.0.weight``, ``net.1.weight``, ``net.1.bias``,
    ``net.1.running_mean``, ...):

    ====  ===============================================  ==============
    idx   layer                                            output shape
    ====  ===============================================  ==============
    0     ConvTranspose2d(z_dim, 4c, 4, stride 1, pad 0)   (B, 4c, 4, 4)
    1     BatchNorm2d(4c)
    2     ReLU
    3     ConvTranspose2d(4c, 2c, 4, stride 2, pad 1)      (B, 2c, 8, 8)
    4     BatchNorm2d(2c)
    5     ReLU
    6     ConvTranspose2d(2c, c, 4, stride 2, pad 1)       (B, c, 16, 16)
    7     BatchNorm2d(c)
    8     ReLU
    9     ConvTranspose2d(c, out_channels, 4, 2, 1)        (B, out, 32, 32)
    10    Tanh                                             values in (-1, 1)
    ====  ===============================================  ==============

    No BatchNorm after the last layer.

    Args:
        z_dim: latent size (int >= 1).
        base_channels: c (int >= 1).
        out_channels: image channels (int >= 1).

    Forward:
        z: float tensor (B, z_dim) or (B, z_dim, 1, 1)  ->  (B, out_channels, 32, 32).
    """

    def __init__(self, z_dim: int = 16, base_channels: int = 8, out_channels: int = 1):
        super().__init__()
        c = base_channels
        self.z_dim = z_dim
        self.net = nn.Sequential(
            nn.ConvTranspose2d(z_dim, 4 * c, 4, 1, 0, bias=False),   # (B, 4c, 4, 4)
            nn.BatchNorm2d(4 * c),
            nn.ReLU(),
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1, bias=False),   # (B, 2c, 8, 8)
            nn.BatchNorm2d(2 * c),
            nn.ReLU(),
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1, bias=False),       # (B, c, 16, 16)
            nn.BatchNorm2d(c),
            nn.ReLU(),
            nn.ConvTranspose2d(c, out_channels, 4, 2, 1, bias=False),  # (B, out, 32, 32)
            nn.Tanh(),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = z.reshape(z.shape[0], -1, 1, 1)  # (B, z_dim) -> (B, z_dim, 1, 1)
        return self.net(z)


class DCGANDiscriminator(nn.Module):
    """DCGAN discriminator [DCGAN] for 32x32 images; returns one logit per image.

    Spec (c = ``base_channels``; all convs kernel 4, ``bias=False``; LeakyReLU
    slope 0.2; no BatchNorm on the first layer; no sigmoid at the end), as
    ``self.net = nn.Sequential(...)`` with exactly these indices (state_dict keys
    ``net.0.weight``, ``net.2.weight``, ``net.3.weight``, ``net.3.running_var``, ...):

    ====  ===============================================  ==============
    idx   layer                                            output shape
    ====  ===============================================  ==============
    0     Conv2d(in_channels, c, 4, stride 2, pad 1)       (B, c, 16, 16)
    1     LeakyReLU(0.2)
    2     Conv2d(c, 2c, 4, stride 2, pad 1)                (B, 2c, 8, 8)
    3     BatchNorm2d(2c)
    4     LeakyReLU(0.2)
    5     Conv2d(2c, 4c, 4, stride 2, pad 1)               (B, 4c, 4, 4)
    6     BatchNorm2d(4c)
    7     LeakyReLU(0.2)
    8     Conv2d(4c, 1, 4, stride 1, pad 0)                (B, 1, 1, 1)
    ====  ===============================================  ==============

    Forward:
        x: float tensor (B, in_channels, 32, 32)  ->  logits of shape (B,).
    """

    def __init__(self, in_channels: int = 1, base_channels: int = 8):
        super().__init__()
        c = base_channels
        self.net = nn.Sequential(
            nn.Conv2d(in_channels, c, 4, 2, 1, bias=False),  # (B, c, 16, 16)
            nn.LeakyReLU(0.2),
            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False),        # (B, 2c, 8, 8)
            nn.BatchNorm2d(2 * c),
            nn.LeakyReLU(0.2),
            nn.Conv2d(2 * c, 4 * c, 4, 2, 1, bias=False),    # (B, 4c, 4, 4)
            nn.BatchNorm2d(4 * c),
            nn.LeakyReLU(0.2),
            nn.Conv2d(4 * c, 1, 4, 1, 0, bias=False),        # (B, 1, 1, 1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).reshape(-1)  # (B, 1, 1, 1) -> (B,)


def dcgan_init_(module: nn.Module, generator: torch.Generator) -> nn.Module:
    """DCGAN weight initialisation [DCGAN] Sec. 4, in place.

    For every submodule (in ``module.modules()`` order):
    - ``Conv2d`` / ``ConvTranspose2d`` / ``Linear``: weight ~ N(0, 0.02^2); bias (if any) = 0;
    - ``BatchNorm*``: weight ~ N(1, 0.02^2), bias = 0.

    Args:
        module: the network to initialise (modified in place).
        generator: ``torch.Generator`` that supplies all the randomness.

    Returns:
        the same ``module``.
    """
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.normal_(m.weight, 0.0, 0.02, generator=generator)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.modules.batchnorm._BatchNorm) and m.affine:
                nn.init.normal_(m.weight, 1.0, 0.02, generator=generator)
                nn.init.zeros_(m.bias)
    return module


# ---------------------------------------------------------------------------
# 3. StyleGAN pieces
# ---------------------------------------------------------------------------
def adain(x: torch.Tensor, style_scale: torch.Tensor, style_bias: torch.Tensor,
          eps: float = 1e-5) -> torch.Tensor:
    """Adaptive instance normalisation [ADAIN] eq. (8), [STYLE] eq. (1).

    ``AdaIN(x, y)_{b,c} = y_s[b,c] * (x_{b,c} - mu_{b,c}) / sqrt(var_{b,c} + eps) + y_b[b,c]``
    with ``mu``, ``var`` the mean and the *biased* variance (divide by H*W) over the
    spatial positions of each sample and channel, ``eps`` inside the square root
    (the convention of ``torch.nn.functional.instance_norm``).

    Args:
        x: float tensor (B, C, H, W), H * W >= 2.
        style_scale: y_s, float tensor (B, C).
        style_bias: y_b, float tensor (B, C).
        eps: positive float added to the variance.

    Returns:
        tensor (B, C, H, W), dtype of ``x``.

    Raises:
        ValueError: wrong ranks or mismatching shapes.
    """
    if not (isinstance(x, torch.Tensor) and x.is_floating_point()):
        raise TypeError(f"x must be a floating-point tensor (float32 or float64), got {x!r:.80}")
    if x.dim() != 4:
        raise ValueError(f"x must have shape (B, C, H, W), got {tuple(x.shape)}")
    for name, s in (("style_scale", style_scale), ("style_bias", style_bias)):
        if tuple(s.shape) != tuple(x.shape[:2]):
            raise ValueError(f"{name} must have shape (B, C) = {tuple(x.shape[:2])}, got {tuple(s.shape)}")
    mu = x.mean(dim=(2, 3), keepdim=True)                              # (B, C, 1, 1)
    var = x.var(dim=(2, 3), keepdim=True, unbiased=False)              # biased, (B, C, 1, 1)
    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
    return style_scale[:, :, None, None] * x_norm + style_bias[:, :, None, None]


class MappingNetwork(nn.Module):
    """StyleGAN mapping network f: Z -> W [STYLE] Sec. 2 (without equalised learning rate).

    1. Normalise z per sample to unit second moment ("pixel norm"):
       ``z / sqrt(mean_j z_j^2 + 1e-8)`` over the feature dimension.
    2. ``n_layers`` fully connected layers, each followed by LeakyReLU(0.2)
       (the last one included), as ``self.net = nn.Sequential(Linear, LeakyReLU, ...)``:
       state_dict keys ``net.0.weight``, ``net.0.bias``, ``net.2.weight``, ...,
       ``net.{2 (n_layers - 1)}.bias``; first Linear(z_dim, w_dim), then Linear(w_dim, w_dim).

    Args:
        z_dim, w_dim: sizes (int >= 1). n_layers: int >= 1 (StyleGAN uses 8).

    Forward:
        z: float tensor (B, z_dim)  ->  w: (B, w_dim).
    """

    def __init__(self, z_dim: int = 16, w_dim: int = 16, n_layers: int = 4):
        super().__init__()
        if n_layers < 1:
            raise ValueError(f"n_layers must be >= 1, got {n_layers}")
        layers = []
        for i in range(n_layers):
            layers += [nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.LeakyReLU(0.2)]
        self.net = nn.Sequential(*layers)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        z = z * torch.rsqrt(z.pow(2).mean(dim=1, keepdim=True) + 1e-8)  # (1) pixel norm, (B, z_dim)
        return self.net(z)                                                # (2) MLP, (B, w_dim)


def style_mixing(w1: torch.Tensor, w2: torch.Tensor, crossover: torch.Tensor, n_styles: int) -> torch.Tensor:
    """Style mixing regularisation [STYLE] Sec. 3.1: per-layer styles from two latents.

    Layer ``i`` (0 = coarsest) of sample ``b`` takes ``w1[b]`` when ``i < crossover[b]``
    and ``w2[b]`` otherwise; ``crossover = n_styles`` means no mixing, ``0`` means all ``w2``.

    Args:
        w1, w2: float tensors (B, w_dim).
        crossover: int64 tensor (B,), values in [0, n_styles].
        n_styles: number of style inputs (synthesis layers), int >= 1.

    Returns:
        tensor (B, n_styles, w_dim).

    Raises:
        ValueError: mismatching shapes or crossover out of range.
    """
    if w1.shape != w2.shape or w1.dim() != 2:
        raise ValueError(f"w1 and w2 must both have shape (B, w_dim), got {tuple(w1.shape)} and {tuple(w2.shape)}")
    if crossover.shape != (w1.shape[0],):
        raise ValueError(f"crossover must have shape (B,) = ({w1.shape[0]},), got {tuple(crossover.shape)}")
    if bool(((crossover < 0) | (crossover > n_styles)).any()):
        raise ValueError(f"crossover values must lie in [0, n_styles={n_styles}], got {crossover.tolist()}")
    layer = torch.arange(n_styles, device=w1.device)                 # (n_styles,)
    use_w1 = layer[None, :] < crossover[:, None].to(w1.device)        # (B, n_styles)
    return torch.where(use_w1[:, :, None], w1[:, None, :], w2[:, None, :])  # (B, n_styles, w_dim)


# ---------------------------------------------------------------------------
# 4. Stabilisation
# ---------------------------------------------------------------------------
def spectral_norm_weight(weight: torch.Tensor, v: torch.Tensor, n_iter: int = 1, *,
                         transposed: bool = False, eps: float = 1e-12):
    """Spectral normalisation by power iteration [SN] Algorithm 1, eq. (8).

    The weight is viewed as a matrix ``W`` of shape (out, rest) whose rows are the
    output units: ``weight.flatten(1)`` for Linear (out, in) and Conv2d
    (out, in, kh, kw); for ConvTranspose2d, whose weight is (in, out, kh, kw), the
    output dimension is 1, so ``W = weight.transpose(0, 1).flatten(1)``.
    Starting from the right vector ``v``, each iteration (``n_iter`` times, in the
    order of ``torch.nn.utils.parametrizations.spectral_norm`` in training mode) is

        u <- normalize(W v),   v <- normalize(W^T u)      (normalize: x / max(||x||, eps))

    then ``sigma = u^T W v`` (with the final u and v) and the result is ``weight / sigma``.
    The power iteration runs without gradient; sigma is differentiable in ``weight``.

    Args:
        weight: float tensor of rank >= 2.
        v: float tensor (rest,) with rest = numel / out: the starting right vector
            (need not be normalised).
        n_iter: number of power iterations, int >= 1.
        transposed: True for a ConvTranspose weight (output dimension 1).
        eps: floor of the norms in ``normalize``.

    Returns:
        (weight_sn, u, v, sigma): tensor shaped like ``weight``; the updated vectors
        u (out,) and v (rest,); the scalar estimate of the largest singular value.

    Raises:
        ValueError: bad rank, v of the wrong length, or n_iter < 1.
    """
    if not (isinstance(weight, torch.Tensor) and weight.is_floating_point()):
        raise TypeError(f"weight must be a floating-point tensor (float32 or float64), got {weight!r:.80}")
    if weight.dim() < 2:
        raise ValueError(f"weight must have rank >= 2, got shape {tuple(weight.shape)}")
    if int(n_iter) < 1:
        raise ValueError(f"n_iter must be >= 1, got {n_iter}")
    w_mat = (weight.transpose(0, 1) if transposed else weight).flatten(1)   # (out, rest)
    if tuple(v.shape) != (w_mat.shape[1],):
        raise ValueError(f"v must have shape (rest,) = ({w_mat.shape[1]},) for a weight of shape "
                         f"{tuple(weight.shape)} (transposed={transposed}), got {tuple(v.shape)}")
    v = v.to(weight.dtype)
    with torch.no_grad():
        for _ in range(int(n_iter)):
            u = F.normalize(w_mat @ v, dim=0, eps=eps)       # (out,)
            v = F.normalize(w_mat.t() @ u, dim=0, eps=eps)   # (rest,)
    sigma = torch.dot(u, w_mat @ v)                           # u^T W v, eq. (8)
    return weight / sigma, u, v, sigma


def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """WGAN-GP gradient penalty [WGANGP] eq. (3), without the weight lambda.

    1. ``x_hat = alpha * real + (1 - alpha) * fake`` per sample (alpha broadcast over
       the non-batch dimensions);
    2. ``g = d critic(x_hat) / d x_hat`` with ``create_graph=True`` so that the
       penalty can be backpropagated into the critic's parameters;
    3. ``||g||_2`` over *all* non-batch dimensions of each sample;
    4. ``mean_b (||g_b|| - 1)^2``.

    Args:
        critic: callable, (B, ...) -> (B,) or (B, 1) scores.
        real, fake: float tensors of the same shape (B, ...).
        alpha: float tensor (B,) of interpolation weights in [0, 1].

    Returns:
        scalar tensor, differentiable w.r.t. the critic's parameters.

    Raises:
        ValueError: mismatching shapes.
    """
    if not (isinstance(real, torch.Tensor) and real.is_floating_point()):
        raise TypeError(f"real must be a floating-point tensor (float32 or float64), got {real!r:.80}")
    if real.shape != fake.shape:
        raise ValueError(f"real and fake must have the same shape, got {tuple(real.shape)} and {tuple(fake.shape)}")
    if tuple(alpha.shape) != (real.shape[0],):
        raise ValueError(f"alpha must have shape (B,) = ({real.shape[0]},), got {tuple(alpha.shape)}")
    a = alpha.to(real.dtype).reshape(-1, *([1] * (real.dim() - 1)))       # (B, 1, ..., 1)
    x_hat = (a * real.detach() + (1 - a) * fake.detach()).requires_grad_(True)  # (1)
    scores = critic(x_hat)
    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
    norm = g.flatten(1).norm(2, dim=1)                                      # (3) (B,)
    return ((norm - 1.0) ** 2).mean()                                       # (4)


def r1_penalty(critic, real: torch.Tensor, gamma: float) -> torch.Tensor:
    """R1 regulariser [R1] eq. (9): ``(gamma / 2) * E_x[ ||d critic(x) / d x||^2 ]`` on real data.

    Convention: the factor gamma / 2 is included (StyleGAN2 uses gamma = 10 with the
    same convention). The squared norm is over all non-batch dimensions; the mean over
    the batch. ``create_graph=True``, so the result can be backpropagated.

    Args:
        critic: callable, (B, ...) -> (B,) or (B, 1) logits.
        real: float tensor (B, ...).
        gamma: float >= 0.

    Returns:
        scalar tensor, differentiable w.r.t. the critic's parameters.
    """
    if not (isinstance(real, torch.Tensor) and real.is_floating_point()):
        raise TypeError(f"real must be a floating-point tensor (float32 or float64), got {real!r:.80}")
    if float(gamma) < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    x = real.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)   # (B, ...)
    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()


# ---------------------------------------------------------------------------
# 5. Mode collapse on a ring of Gaussians
# ---------------------------------------------------------------------------
def ring_centers(n_modes: int = 8, radius: float = 2.0, dtype=torch.float32) -> torch.Tensor:
    """Centers of the ring of Gaussians [VEEGAN] Sec. 5.1: angle 2 pi k / n_modes.

    Returns:
        tensor (n_modes, 2): ``radius * (cos(2 pi k / n), sin(2 pi k / n))``.
    """
    k = torch.arange(n_modes, dtype=torch.float64)
    ang = 2 * math.pi * k / n_modes
    return (radius * torch.stack([torch.cos(ang), torch.sin(ang)], dim=1)).to(dtype)


def mode_coverage(samples: torch.Tensor, centers: torch.Tensor, std: float, n_std: float = 3.0):
    """Mode coverage of 2-D samples on a mixture of isotropic Gaussians [VEEGAN] Sec. 5.1.

    A sample is *high quality* when its Euclidean distance to the nearest center is at
    most ``n_std * std``. A mode is *hit* when it is the nearest center of at least one
    high-quality sample.

    Args:
        samples: float tensor (N, 2), N >= 1.
        centers: float tensor (K, 2).
        std: standard deviation of each mode (float > 0).
        n_std: threshold in standard deviations (default 3).

    Returns:
        (modes_hit, hq_fraction): an int in [0, K] and a float in [0, 1]
        (high-quality samples / N).
    """
    if not (isinstance(samples, torch.Tensor) and samples.is_floating_point()):
        raise TypeError(f"samples must be a floating-point tensor (float32 or float64), got {samples!r:.80}")
    if samples.dim() != 2 or centers.dim() != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(f"samples (N, d) and centers (K, d) needed, got {tuple(samples.shape)} and {tuple(centers.shape)}")
    if samples.shape[0] < 1:
        raise ValueError("samples must contain at least one point")
    if not float(std) > 0:
        raise ValueError(f"std must be > 0, got {std}")
    d = torch.cdist(samples.to(torch.float64), centers.to(torch.float64))   # (N, K)
    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
    hq = dist <= n_std * float(std)                                          # (N,) bool
    modes_hit = int(torch.unique(nearest[hq]).numel())
    return modes_hit, float(hq.to(torch.float64).mean())


def gan_train_step(G: nn.Module, D: nn.Module, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor,
                   d_loss_fn, g_loss_fn):
    """One alternating GAN update [GAN] Algorithm 1 (k = 1): first D, then G.

    1. D step: ``fake = G(z).detach()``; ``loss_d = d_loss_fn(D(real), D(fake))``;
       ``opt_d.zero_grad()``, backward, ``opt_d.step()``.
    2. G step (with the *updated* D): ``loss_g = g_loss_fn(D(G(z)))``;
       ``opt_g.zero_grad()``, backward, ``opt_g.step()``.
    Only ``opt_d`` changes D and only ``opt_g`` changes G; stale gradients never leak
    from one step into the other.

    Args:
        G: (B, z_dim) -> (B, 2) samples. D: (B, 2) -> (B,) or (B, 1) logits.
        opt_g, opt_d: optimizers over G's and D's parameters.
        real: float tensor (B, 2). z: float tensor (B, z_dim).
        d_loss_fn: (real_logits, fake_logits) -> scalar. g_loss_fn: fake_logits -> scalar.

    Returns:
        (loss_d, loss_g) as Python floats.
    """
    # (1) discriminator step; the generator is not updated here
    fake = G(z).detach()
    loss_d = d_loss_fn(D(real), D(fake))
    opt_d.zero_grad()
    loss_d.backward()
    opt_d.step()
    # (2) generator step through the updated discriminator
    loss_g = g_loss_fn(D(G(z)))
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()
    return loss_d.item(), loss_g.item()
