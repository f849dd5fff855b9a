# title: signal and noise coefficients swapped
# title_ja: 信号とノイズの係数を入れ替えた
# diagnosis: Your x_t looks like sqrt(1 - abar) * x0 + sqrt(abar) * noise: the coefficients are swapped.
# diagnosis_ja: x_t が sqrt(1 - abar) * x0 + sqrt(abar) * noise になっているようです。係数が逆です。
def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(torch.float64)[t]                 # (B,)
    a = a.reshape(-1, *([1] * (x0.dim() - 1)))              # (B, 1, ..., 1) broadcasts over x0
    # [DDPM] eq. 4: sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    return ((1 - a).sqrt() * x0.to(torch.float64) + a.sqrt() * noise.to(torch.float64)).to(x0.dtype)
