"""Reference solutions for chapter 2: Variational Autoencoders (VAE).

Sources: Kingma & Welling, "Auto-Encoding Variational Bayes" (ICLR 2014),
arXiv:1312.6114 — eq. (3) ELBO, eq. (10) Gaussian KL, section 2.4
reparameterization; the layer names follow PyTorch's official VAE example
(pytorch/examples, ``vae/main.py``: fc1, fc21, fc22, fc3, fc4).
All functions are pure: randomness enters through the ``eps`` arguments.
"""
from __future__ import annotations

import math
from typing import Callable

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = [
    "bernoulli_recon_loss", "gaussian_recon_loss", "gaussian_kl", "reparameterize", "negative_elbo", "VAE",
    "train_step", "interpolate_latents",
]


def bernoulli_recon_loss(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Negative Bernoulli log-likelihood -log p(x | z) from decoder logits, per sample.

    Args:
        logits: (B, D) float, decoder outputs before the sigmoid.
        x: (B, D) float in [0, 1], the data (targets may be non-binary intensities).

    Returns:
        (B,) same dtype as ``logits``: sum over the D features of
        ``-[x log sigmoid(l) + (1 - x) log(1 - sigmoid(l))]``, in nats.

    Source: Kingma & Welling (2014) appendix C.1; computed stably as
    ``torch.nn.functional.binary_cross_entropy_with_logits(reduction="none")``.
    """
    # 1. element-wise BCE on logits: max(l, 0) - l x + log(1 + exp(-|l|))
    bce = F.binary_cross_entropy_with_logits(logits, x, reduction="none")
    # 2. sum over the feature axis: independent pixels
    return bce.sum(dim=-1)


def gaussian_recon_loss(mean: torch.Tensor, x: torch.Tensor, logvar: torch.Tensor | float) -> torch.Tensor:
    """Negative Gaussian log-likelihood -log N(x; mean, exp(logvar)), per sample.

    Args:
        mean: (B, D) float, decoder mean.
        x: (B, D) float, data.
        logvar: decoder log-variance log σ², a tensor broadcastable to (B, D) or a float.

    Returns:
        (B,) float: ``0.5 * sum_d [log(2π) + logvar + (x - mean)² / exp(logvar)]`` in nats
        (the constant is included so the value is a true negative log-likelihood).

    Source: Kingma & Welling (2014) appendix C.2; equals
    ``-torch.distributions.Normal(mean, exp(0.5 logvar)).log_prob(x).sum(-1)``.
    """
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    nll = 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar))
    return nll.sum(dim=-1)


def gaussian_kl(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """KL( N(mu, diag(exp(logvar))) || N(0, I) ), per sample.

    Args:
        mu: (B, J) float, encoder means.
        logvar: (B, J) float, encoder log-variances log σ² (not log σ).

    Returns:
        (B,) float: ``-0.5 * sum_j (1 + logvar - mu² - exp(logvar))``, in nats.

    Source: Kingma & Welling (2014), appendix B, eq. (10) (with the sign of the
    KL term); equals ``torch.distributions.kl_divergence(Normal(mu, σ), Normal(0, 1)).sum(-1)``.
    """
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1)


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor, eps: torch.Tensor) -> torch.Tensor:
    """The reparameterization trick: z = mu + σ ⊙ eps with σ = exp(0.5 · logvar).

    Args:
        mu: (..., J) float.
        logvar: (..., J) float, log σ².
        eps: (..., J) float, standard normal noise (given, so the result is deterministic).

    Returns:
        (..., J) float, differentiable with respect to ``mu`` and ``logvar``.

    Source: Kingma & Welling (2014), section 2.4, eq. (4) with g(ε, x) = μ + σ ⊙ ε.
    """
    std = torch.exp(0.5 * logvar)
    return mu + std * eps


def negative_elbo(logits: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor,
                  beta: float = 1.0) -> torch.Tensor:
    """The loss to minimise: the negative ELBO averaged over the batch.

    Args:
        logits: (B, D) decoder logits; x: (B, D) data in [0, 1];
        mu, logvar: (B, J) encoder outputs; beta: weight of the KL term (β-VAE; 1 = VAE).

    Returns:
        0-dim tensor: ``mean_b [ bernoulli_recon_loss(logits, x)_b + beta * gaussian_kl(mu, logvar)_b ]``
        (sum over features and latent dimensions, mean over the batch), in nats per sample.

    Source: Kingma & Welling (2014), eq. (3) (ELBO = E[log p(x|z)] - KL) and
    Higgins et al. (2017) for β.
    """
    # 1. -E_q[log p(x|z)] with one sample z (the logits were decoded from it)
    recon = bernoulli_recon_loss(logits, x)
    # 2. KL(q(z|x) || p(z)) in closed form
    kl = gaussian_kl(mu, logvar)
    # 3. negative ELBO per sample, then the batch mean
    return (recon + beta * kl).mean()


class VAE(nn.Module):
    """A fully connected VAE for flattened images.

    Layers (names are part of the spec, they are the ``state_dict`` keys):
    ``fc1``: Linear(input_dim, hidden_dim); ``fc21``: Linear(hidden_dim, latent_dim) -> mu;
    ``fc22``: Linear(hidden_dim, latent_dim) -> logvar; ``fc3``: Linear(latent_dim, hidden_dim);
    ``fc4``: Linear(hidden_dim, input_dim) -> logits. ReLU after fc1 and fc3; no
    activation on mu, logvar or the logits.

    Shapes: x (B, input_dim) -> logits (B, input_dim), mu and logvar (B, latent_dim).
    Source: PyTorch examples ``vae/main.py`` (same layer names).
    """

    def __init__(self, input_dim: int = 64, hidden_dim: int = 128, latent_dim: int = 2):
        super().__init__()
        self.fc1 = nn.Linear(input_dim, hidden_dim)
        self.fc21 = nn.Linear(hidden_dim, latent_dim)
        self.fc22 = nn.Linear(hidden_dim, latent_dim)
        self.fc3 = nn.Linear(latent_dim, hidden_dim)
        self.fc4 = nn.Linear(hidden_dim, input_dim)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x (B, input_dim) -> (mu, logvar), each (B, latent_dim)."""
        h = F.relu(self.fc1(x))
        return self.fc21(h), self.fc22(h)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """z (B, latent_dim) -> logits (B, input_dim)."""
        return self.fc4(F.relu(self.fc3(z)))

    def forward(self, x: torch.Tensor, eps: torch.Tensor | None = None):
        """x (B, input_dim), eps (B, latent_dim) or None (then drawn with torch.randn_like)
        -> (logits, mu, logvar)."""
        mu, logvar = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu)
        z = reparameterize(mu, logvar, eps)
        return self.decode(z), mu, logvar


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, x: torch.Tensor, eps: torch.Tensor,
               loss_fn: Callable[..., torch.Tensor]) -> float:
    """One optimisation step.

    Args:
        model: returns ``(logits, mu, logvar)`` from ``model(x, eps)``.
        optimizer: over ``model``'s parameters.
        x: (B, D) batch; eps: (B, J) noise for the reparameterization.
        loss_fn: ``loss_fn(logits, x, mu, logvar) -> 0-dim tensor``.

    Returns:
        the loss before the update, as a Python float.

    Order: ``model.train()``, ``optimizer.zero_grad()``, forward, loss,
    ``loss.backward()``, ``optimizer.step()`` (PyTorch's standard training loop).
    """
    model.train()
    optimizer.zero_grad()
    logits, mu, logvar = model(x, eps)
    loss = loss_fn(logits, x, mu, logvar)
    loss.backward()
    optimizer.step()
    return float(loss.item())


def interpolate_latents(z0: torch.Tensor, z1: torch.Tensor, num_steps: int, method: str = "linear") -> torch.Tensor:
    """Points between two latent codes, endpoints included.

    Args:
        z0, z1: (J,) float latent codes.
        num_steps: number of points (>= 2).
        method: ``"linear"`` (z0 + t (z1 - z0)) or ``"slerp"`` (spherical, White 2016,
            "Sampling Generative Networks", arXiv:1609.04468, eq. in section 2.2);
            slerp falls back to linear when z0 and z1 are (anti)parallel within 1e-7.

    Returns:
        (num_steps, J) with t = linspace(0, 1, num_steps) along the first axis.

    Raises:
        ValueError: num_steps < 2, shapes differ, or an unknown method.
    """
    if num_steps < 2:
        raise ValueError(f"num_steps must be >= 2, got {num_steps}")
    if z0.shape != z1.shape:
        raise ValueError(f"z0 and z1 must have the same shape, got {tuple(z0.shape)} and {tuple(z1.shape)}")
    t = torch.linspace(0, 1, num_steps, dtype=z0.dtype, device=z0.device)[:, None]  # (N, 1)
    if method == "linear":
        return z0[None] + t * (z1 - z0)[None]  # (N, J)
    if method != "slerp":
        raise ValueError(f"unknown method {method!r}; use 'linear' or 'slerp'")
    # 1. angle between the two codes
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm())
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    so = torch.sin(omega)
    if float(so.abs()) < 1e-7:
        return z0[None] + t * (z1 - z0)[None]
    # 2. slerp(z0, z1; t) = sin((1-t) Ω)/sin Ω z0 + sin(t Ω)/sin Ω z1
    return (torch.sin((1 - t) * omega) / so) * z0[None] + (torch.sin(t * omega) / so) * z1[None]
