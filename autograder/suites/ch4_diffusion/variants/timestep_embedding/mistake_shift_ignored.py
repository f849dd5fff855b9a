# title: downscale_freq_shift ignored
# title_ja: downscale_freq_shift を無視した
# diagnosis: Your frequencies look like exp(-ln(max_period) * i / half); the denominator is half - downscale_freq_shift.
# diagnosis_ja: 周波数が exp(-ln(max_period) * i / half) になっているようです。分母は half - downscale_freq_shift です。
def timestep_embedding(timesteps: torch.Tensor, embedding_dim: int, flip_sin_to_cos: bool = False,
                       downscale_freq_shift: float = 1.0, scale: float = 1.0,
                       max_period: int = 10000) -> torch.Tensor:
    if timesteps.dim() != 1:
        raise ValueError(f"timesteps must be 1-D (N,), got shape {tuple(timesteps.shape)}")
    dtype = torch.float64 if timesteps.dtype == torch.float64 else torch.float32
    half = embedding_dim // 2
    if half - downscale_freq_shift == 0:
        raise ValueError(f"embedding_dim={embedding_dim} with downscale_freq_shift={downscale_freq_shift} "
                         "divides by zero; use embedding_dim >= 4 or another shift")
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / half
    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)                           # (N, 2 half)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
    if embedding_dim % 2 == 1:
        emb = torch.nn.functional.pad(emb, (0, 1))
    return emb.to(dtype)
