# title: timesteps treated as 1-based
# title_ja: 時刻を 1 始まりとして扱った
# diagnosis: Your x_t looks like it uses alphas_cumprod[t - 1]; timesteps are 0-based indices, so use alphas_cumprod[t].
# diagnosis_ja: x_t が alphas_cumprod[t - 1] を使っているようです。時刻は 0 始まりのインデックスなので alphas_cumprod[t] を使います。
def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(torch.float64)[t - 1]                 # (B,)
    a = a.reshape(-1, *([1] * (x0.dim() - 1)))              # (B, 1, ..., 1) broadcasts over x0
    # [DDPM] eq. 4: sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    return (a.sqrt() * x0.to(torch.float64) + (1 - a).sqrt() * noise.to(torch.float64)).to(x0.dtype)
