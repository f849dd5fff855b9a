"""Worker-side helpers for the ch2_vae suite (public: no solutions here).

``TinyVAE`` and ``toy_loss`` are deliberately *not* the exercise's VAE or ELBO:
they only give ``train_step`` something with the same interface to drive.
"""
from __future__ import annotations

import torch
import torch.nn as nn


class TinyVAE(nn.Module):
    """A linear model with the VAE interface: ``forward(x, eps) -> (logits, mu, logvar)``."""

    def __init__(self, input_dim: int, latent_dim: int):
        super().__init__()
        self.enc = nn.Linear(input_dim, 2 * latent_dim)
        self.dec = nn.Linear(latent_dim, input_dim)

    def forward(self, x, eps):
        mu, logvar = self.enc(x).chunk(2, dim=-1)
        return self.dec(mu + 0.1 * eps * (1 + logvar.tanh())), mu, logvar


def toy_loss(logits, x, mu, logvar):
    """A smooth scalar loss with the ``loss_fn`` interface (not the ELBO)."""
    return ((torch.tanh(logits) - x) ** 2).mean() + 0.01 * (mu ** 2).mean() + 0.01 * logvar.pow(2).mean()


def make_tiny(input_dim: int, latent_dim: int, state: dict) -> TinyVAE:
    """A TinyVAE with the given parameters (float64)."""
    model = TinyVAE(input_dim, latent_dim).double()
    model.load_state_dict(state)
    return model


def fit_digits(model: nn.Module, x: torch.Tensor, eps: torch.Tensor, lr: float = 1e-2) -> list:
    """Train ``model`` (the student's VAE) on the batches ``x`` (S, B, D) with noise
    ``eps`` (S, B, J) by Adam on a plain reconstruction loss (sigmoid MSE + a weak
    prior on mu) and return the per-step losses (floats)."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for xb, eb in zip(x, eps):
        opt.zero_grad()
        logits, mu, logvar = model(xb, eb)
        loss = ((torch.sigmoid(logits) - xb) ** 2).sum(-1).mean() + 1e-3 * (mu ** 2).sum(-1).mean()
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return losses
