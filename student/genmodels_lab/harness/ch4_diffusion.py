"""Public worker-side helpers for the chapter 4 (diffusion) hidden suites.

Nothing here is a solution: the models below are fixed toy networks and the
exact denoiser of a fixed 2-D Gaussian mixture, written with
``torch.distributions`` and autograd (no closed-form score).  The hidden tests
pass them to the student's functions as ``harness_ref("name")``; the trusted
process imports this module too and calls the same functions to compute the
expected values.
"""
from __future__ import annotations

import torch

#: The 2-D data distribution of the end-to-end exercise (also used by the notebook).
MIX_WEIGHTS = (0.2, 0.5, 0.3)
MIX_MEANS = ((-1.5, 0.0), (1.5, 0.5), (0.0, -1.5))
MIX_STD = 0.3
#: The training schedule of the toy models: linear betas 1e-4 .. 0.02, T = 1000.
T_TRAIN = 1000


def _log_density(x: torch.Tensor, scale: torch.Tensor, var: torch.Tensor) -> torch.Tensor:
    """log sum_k w_k N(x; scale * mu_k, var I) per point; x (N, 2), scale and var (N, 1)."""
    w = torch.tensor(MIX_WEIGHTS, dtype=x.dtype)
    mu = torch.tensor(MIX_MEANS, dtype=x.dtype)                    # (K, 2)
    normal = torch.distributions.Normal(scale[:, None, :] * mu[None], var.sqrt()[:, None, :])  # (N, K, 2)
    comp = normal.log_prob(x[:, None, :]).sum(-1)                   # (N, K)
    return torch.logsumexp(comp + w.log()[None], dim=1)            # (N,)


def _grad_log_prob(x: torch.Tensor, scale: torch.Tensor, var: torch.Tensor) -> torch.Tensor:
    """Autograd gradient of :func:`_log_density` w.r.t. x (float64)."""
    with torch.enable_grad():
        xx = x.detach().to(torch.float64).requires_grad_(True)
        lp = _log_density(xx, scale.to(torch.float64), var.to(torch.float64)).sum()
        g, = torch.autograd.grad(lp, xx)
    return g


def train_alphas_cumprod() -> torch.Tensor:
    """abar of the linear training schedule (float64, (1000,))."""
    return torch.cumprod(1 - torch.linspace(1e-4, 0.02, T_TRAIN, dtype=torch.float64), 0)


def mixture_score(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """grad_x log of the data mixture convolved with N(0, sigma^2 I), by autograd.

    x: (N, 2); returns (N, 2) in x's dtype and device.
    """
    n = x.shape[0]
    one = torch.ones(n, 1, dtype=torch.float64)
    g = _grad_log_prob(x.cpu(), one, one * (MIX_STD ** 2 + float(sigma) ** 2))
    return g.to(device=x.device, dtype=x.dtype)


def mixture_eps_model(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """The exact epsilon-predictor of the data mixture under the training schedule.

    eps*(x_t, t) = -sqrt(1 - abar_t) grad log p_t(x_t), p_t the mixture pushed through
    q(x_t | x_0).  x: (N, 2), t: (N,) int64 in 0..999.  Returns (N, 2) like x.
    """
    ac = train_alphas_cumprod()[t.cpu().long()][:, None]           # (N, 1)
    g = _grad_log_prob(x.cpu(), ac.sqrt(), ac * MIX_STD ** 2 + 1 - ac)
    return (-(1 - ac).sqrt() * g).to(device=x.device, dtype=x.dtype)


def toy_eps_model(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """A fixed non-linear "network" for loss tests: tanh(x W) + t / 1000 (x: (B, ...) flattened)."""
    flat = x.reshape(x.shape[0], -1)
    d = flat.shape[1]
    w = torch.cos(torch.arange(d * d, dtype=torch.float64).reshape(d, d)).to(device=x.device, dtype=x.dtype)
    out = torch.tanh(flat @ w) + t.reshape(-1, 1).to(x.dtype) / 1000
    return out.reshape(x.shape)


def sample_data(n: int, seed: int = 0, dtype=torch.float64) -> torch.Tensor:
    """n points from the data mixture, from a fixed generator."""
    g = torch.Generator().manual_seed(seed)
    k = torch.multinomial(torch.tensor(MIX_WEIGHTS, dtype=torch.float64), n, replacement=True, generator=g)
    mu = torch.tensor(MIX_MEANS, dtype=torch.float64)[k]
    return (mu + MIX_STD * torch.randn(n, 2, generator=g, dtype=torch.float64)).to(dtype)
