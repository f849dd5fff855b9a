# title: sum instead of mean
# title_ja: 平均ではなく総和をとった
# diagnosis: Your loss looks like the sum of the squared errors; the simple objective is their mean over every element (F.mse_loss).
# diagnosis_ja: 損失が二乗誤差の総和になっているようです。簡略化した目的関数は全要素の平均（F.mse_loss）です。
def epsilon_loss(eps_model, x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
                 alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(x0.dtype)[t].reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise           # (1) [DDPM] eq. 4
    return torch.sum((eps_model(x_t, t) - noise) ** 2)    # (2) [DDPM] eq. 14
