# title: coefficient reshaped for 2-D inputs only
# title_ja: 係数の reshape が 2 次元入力にしか対応していない
# diagnosis: Your q_sample only broadcasts abar[t] correctly for (B, D) inputs; reshape it to (B, 1, ..., 1) for images.
# diagnosis_ja: q_sample が (B, D) の入力でしか abar[t] を正しくブロードキャストしていません。画像では (B, 1, ..., 1) に reshape します。
def q_sample(x0: torch.Tensor, t: torch.Tensor, noise: torch.Tensor,
             alphas_cumprod: torch.Tensor) -> torch.Tensor:
    a = alphas_cumprod.to(torch.float64)[t]                 # (B,)
    a = a[:, None]              # (B, 1, ..., 1) broadcasts over x0
    # [DDPM] eq. 4: sqrt(abar_t) x_0 + sqrt(1 - abar_t) eps
    return (a.sqrt() * x0.to(torch.float64) + (1 - a).sqrt() * noise.to(torch.float64)).to(x0.dtype)
