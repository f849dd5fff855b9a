# title: flip_sin_to_cos ignored
# title_ja: flip_sin_to_cos を無視した
# diagnosis: Your embedding keeps the [sin, cos] order when flip_sin_to_cos=True; that layout is [cos, sin].
# diagnosis_ja: flip_sin_to_cos=True でも [sin, cos] の順のままです。そのレイアウトは [cos, sin] です。
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
    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / (half - downscale_freq_shift)
    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)                           # (N, 2 half)
    if embedding_dim % 2 == 1:
        emb = torch.nn.functional.pad(emb, (0, 1))
    return emb.to(dtype)
