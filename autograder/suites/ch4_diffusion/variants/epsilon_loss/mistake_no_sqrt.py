# title: x_t built without square roots
# title_ja: x_t を平方根なしで作った
# diagnosis: Your x_t looks like abar * x0 + (1 - abar) * noise; it is sqrt(abar) * x0 + sqrt(1 - abar) * noise.
# diagnosis_ja: x_t が abar * x0 + (1 - abar) * noise になっているようです。正しくは sqrt(abar) * x0 + sqrt(1 - abar) * noise です。
def epsilon_loss(eps_model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
                 alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(x0.dtype)[t].reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    x_t = a * x0 + (1 - a) * noise           # (1) [DDPM] eq. 4
    return torch.mean((eps_model(x_t, t) - noise) ** 2)    # (2) [DDPM] eq. 14
