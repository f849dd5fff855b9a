# title: abar used without square roots
# title_ja: abar に平方根を付けていない
# diagnosis: Your x_t looks like abar * x0 + (1 - abar) * noise; the mean is scaled by sqrt(abar) and the noise by sqrt(1 - abar).
# diagnosis_ja: x_t が abar * x0 + (1 - abar) * noise になっているようです。平均は sqrt(abar)、ノイズは sqrt(1 - abar) 倍です。
def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(torch.float64)[t]                 # (B,)
    a = a.reshape(-1, *([1] * (x0.dim() - 1)))              # (B, 1, ..., 1) broadcasts over x0
    # [DDPM] eq. 4: sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    return (a * x0.to(torch.float64) + (1 - a) * noise.to(torch.float64)).to(x0.dtype)
