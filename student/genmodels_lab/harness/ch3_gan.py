"""Public worker-side helpers for the chapter 3 (GAN) suites and notebook.

Nothing here is a solution of an exercise: the models are fixed small test
networks, the losses are the least-squares GAN losses (not an exercise of the
chapter), and the drivers only call the student's functions, which the hidden
tests pass in with ``student.ref("name")``.  The notebook imports the ring
helpers from here so that its demo and the grader train the same tiny GAN.
"""
from __future__ import annotations

import math
from typing import Callable, Optional

import torch
from torch import nn

__all__ = [
    "make_generator", "make_critic", "lsgan_d_loss", "lsgan_g_loss", "ring_centers", "sample_ring",
    "make_ring_models", "train_ring_gan", "penalty_with_param_grads", "call_with_generator",
]

#: The ring of Gaussians used throughout the chapter (VEEGAN Sec. 5.1 uses 8 modes, radius 2, std 0.02).
RING_MODES, RING_RADIUS, RING_STD = 8, 2.0, 0.02


def make_generator(seed: int) -> torch.Generator:
    """A CPU ``torch.Generator`` seeded with ``seed`` (to pass to exercises that take one)."""
    return torch.Generator(device="cpu").manual_seed(int(seed))


def call_with_generator(fn: Callable, seed: int, *args, **kwargs):
    """``fn(*args, generator=<CPU generator seeded with seed>, **kwargs)``."""
    return fn(*args, generator=make_generator(seed), **kwargs)


# -- critics for the penalty exercises -----------------------------------------------
class _LinearCritic(nn.Module):
    """``D(x) = scale * sum(x over non-batch dims)``: its input gradient is ``scale`` everywhere."""

    def __init__(self, scale: float):
        super().__init__()
        self.scale = nn.Parameter(torch.tensor(float(scale)))

    def forward(self, x):
        return self.scale * x.flatten(1).sum(dim=1)


class _SmoothCritic(nn.Module):
    """A small smooth critic (tanh MLP on the flattened input) with seeded parameters."""

    def __init__(self, in_features: int, hidden: int, generator: torch.Generator, column: bool = False):
        super().__init__()
        self.column = column
        self.fc1 = nn.Linear(in_features, hidden)
        self.fc2 = nn.Linear(hidden, 1)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.randn(p.shape, generator=generator) / math.sqrt(max(p.shape[-1], 1)))

    def forward(self, x):
        scores = self.fc2(torch.tanh(self.fc1(x.flatten(1))))             # (B, 1)
        return scores if self.column else scores.squeeze(1)                # (B, 1) or (B,)


def make_critic(kind: str, seed: int, like: torch.Tensor) -> nn.Module:
    """A critic for inputs shaped like ``like`` (B, ...), on its device and dtype.

    kind: ``"linear_half"`` (gradient 0.5 everywhere), ``"smooth"`` (tanh MLP, 16 hidden units, scores
    (B,)) or ``"smooth_column"`` (the same MLP with scores (B, 1), as an ``nn.Linear(..., 1)`` head gives).
    """
    if kind == "linear_half":
        critic = _LinearCritic(0.5)
    elif kind in ("smooth", "smooth_column"):
        critic = _SmoothCritic(int(like[0].numel()), 16, make_generator(seed), column=kind == "smooth_column")
    else:
        raise ValueError(f"unknown critic kind {kind!r}; use 'linear_half', 'smooth' or 'smooth_column'")
    return critic.to(device=like.device, dtype=like.dtype)


def penalty_with_param_grads(fn: Callable, critic: nn.Module, *args):
    """Call ``fn(critic, *args)`` and backpropagate the result into the critic.

    Returns:
        (value, requires_grad, grads): the penalty (detached), whether it carried a graph
        back to the critic's parameters, and ``{name: d value / d param}`` (empty when it
        did not).
    """
    value = fn(critic, *args)
    if not isinstance(value, torch.Tensor):
        return value, False, {}
    names = [n for n, _ in critic.named_parameters()]
    params = [p for _, p in critic.named_parameters()]
    if not value.requires_grad:
        return value.detach(), False, {}
    grads = torch.autograd.grad(value.sum(), params, allow_unused=True)
    out = {n: g.detach() for n, g in zip(names, grads) if g is not None}
    return value.detach(), bool(out), out


# -- least-squares GAN losses (Mao et al. 2017, eq. 2; a = 0, b = c = 1) ----------------
def lsgan_d_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """``0.5 E[(D(x) - 1)^2] + 0.5 E[D(G(z))^2]`` on raw scores."""
    return 0.5 * ((real_logits - 1) ** 2).mean() + 0.5 * (fake_logits ** 2).mean()


def lsgan_g_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """``0.5 E[(D(G(z)) - 1)^2]`` on raw scores."""
    return 0.5 * ((fake_logits - 1) ** 2).mean()


# -- the ring of Gaussians and its tiny GAN ----------------------------------------------
def ring_centers(n_modes: int = RING_MODES, radius: float = RING_RADIUS, dtype=torch.float32) -> torch.Tensor:
    """(n_modes, 2) centers ``radius * (cos 2 pi k / n, sin 2 pi k / n)``."""
    ang = 2 * math.pi * torch.arange(n_modes, dtype=torch.float64) / n_modes
    return (radius * torch.stack([torch.cos(ang), torch.sin(ang)], dim=1)).to(dtype)


def sample_ring(n: int, generator: torch.Generator, n_modes: int = RING_MODES, radius: float = RING_RADIUS,
                std: float = RING_STD, dtype=torch.float32) -> torch.Tensor:
    """``n`` points (n, 2) from the uniform mixture of N(center_k, std^2 I) (CPU, from ``generator``)."""
    k = torch.randint(0, n_modes, (n,), generator=generator)
    noise = torch.randn(n, 2, generator=generator, dtype=torch.float64)
    return (ring_centers(n_modes, radius, torch.float64)[k] + std * noise).to(dtype)


class _MLP(nn.Sequential):
    def __init__(self, sizes, act):
        layers = []
        for i in range(len(sizes) - 1):
            layers.append(nn.Linear(sizes[i], sizes[i + 1]))
            if i < len(sizes) - 2:
                layers.append(act())
        super().__init__(*layers)


class RingDiscriminator(_MLP):
    """(B, 2) -> (B,) logits."""

    def forward(self, x):
        return super().forward(x).squeeze(-1)


def make_ring_models(seed: int, z_dim: int = 2, hidden: int = 64):
    """The tiny GAN for the ring: G (B, z_dim) -> (B, 2), D (B, 2) -> (B,) logits.

    Parameters are drawn from a generator seeded with ``seed`` (PyTorch's default
    Linear initialisation bounds, without touching the global RNG).
    """
    gen = make_generator(seed)
    G = _MLP([z_dim, hidden, hidden, 2], nn.ReLU)
    D = RingDiscriminator([2, hidden, hidden, 1], lambda: nn.LeakyReLU(0.2))
    with torch.no_grad():
        for m in list(G.modules()) + list(D.modules()):
            if isinstance(m, nn.Linear):
                bound = 1.0 / math.sqrt(m.in_features)
                m.weight.uniform_(-bound, bound, generator=gen)
                m.bias.uniform_(-bound, bound, generator=gen)
    return G, D


def train_ring_gan(step_fn: Callable, seed: int, n_steps: int = 1000, batch: int = 128, z_dim: int = 2,
                   lr: float = 1e-3, d_loss_fn: Optional[Callable] = None, g_loss_fn: Optional[Callable] = None,
                   n_samples: int = 2000, return_states: bool = False):
    """Train the tiny ring GAN with ``step_fn(G, D, opt_g, opt_d, real, z, d_loss_fn, g_loss_fn)``.

    Adam(lr, betas (0.5, 0.999)) for both players; data and noise from one generator
    seeded with ``seed``; the LSGAN losses by default.

    Returns:
        (samples, losses): ``n_samples`` generated points (n_samples, 2) after training,
        and the (n_steps, 2) tensor of the (d, g) losses ``step_fn`` returned; with
        ``return_states`` also the trained ``G`` and ``D`` state dicts (detached).
    """
    d_loss_fn = d_loss_fn or lsgan_d_loss
    g_loss_fn = g_loss_fn or lsgan_g_loss
    gen = make_generator(seed)
    G, D = make_ring_models(seed, z_dim)
    opt_g = torch.optim.Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=lr, betas=(0.5, 0.999))
    losses = torch.zeros(n_steps, 2, dtype=torch.float64)
    for i in range(int(n_steps)):
        real = sample_ring(batch, gen)
        z = torch.randn(batch, z_dim, generator=gen)
        ld, lg = step_fn(G, D, opt_g, opt_d, real, z, d_loss_fn, g_loss_fn)
        losses[i, 0], losses[i, 1] = float(ld), float(lg)
    with torch.no_grad():
        samples = G(torch.randn(n_samples, z_dim, generator=gen))
    if return_states:
        return (samples.detach(), losses, {k: v.detach() for k, v in G.state_dict().items()},
                {k: v.detach() for k, v in D.state_dict().items()})
    return samples.detach(), losses
