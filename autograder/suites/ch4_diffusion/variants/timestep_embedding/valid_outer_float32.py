# title: torch.outer in float32, like diffusers
# title_ja: diffusers と同じく float32 で torch.outer
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def timestep_embedding(timesteps, embedding_dim, flip_sin_to_cos=False, downscale_freq_shift=1.0, scale=1.0,
                       max_period=10000):
    dtype = torch.float64 if timesteps.dtype == torch.float64 else torch.float32
    half = embedding_dim // 2
    i = torch.arange(half, dtype=dtype)
    freqs = torch.exp(-math.log(max_period) * i / (half - downscale_freq_shift))
    args = torch.outer(timesteps.to(dtype), freqs) * scale
    emb = torch.cat([args.cos(), args.sin()] if flip_sin_to_cos else [args.sin(), args.cos()], dim=1)
    if embedding_dim % 2:
        emb = torch.cat([emb, emb.new_zeros(emb.shape[0], 1)], dim=1)
    return emb
