# title: diffusers' get_timestep_embedding with its float32 torch.arange, on float64 timesteps
# title_ja: diffusers の get_timestep_embedding（float32 の torch.arange）を float64 の時刻に適用
# diagnosis: a correct alternative implementation (float32 frequencies: about 5e-5 relative error, within float32 precision)
# diagnosis_ja: 正しい別解です（float32 の周波数: 相対誤差は約 5e-5 で、float32 の精度の範囲内）
def timestep_embedding(timesteps, embedding_dim, flip_sin_to_cos=False, downscale_freq_shift=1.0, scale=1.0,
                       max_period=10000):
    # as diffusers.models.embeddings.get_timestep_embedding, except that float64 timesteps stay float64
    half_dim = embedding_dim // 2
    exponent = -math.log(max_period) * torch.arange(start=0, end=half_dim, dtype=torch.float32,
                                                    device=timesteps.device)
    exponent = exponent / (half_dim - downscale_freq_shift)
    emb = torch.exp(exponent)
    t = timesteps if timesteps.dtype == torch.float64 else timesteps.float()
    emb = t[:, None] * emb[None, :]
    emb = scale * emb
    emb = torch.cat([torch.sin(emb), torch.cos(emb)], dim=-1)
    if flip_sin_to_cos:
        emb = torch.cat([emb[:, half_dim:], emb[:, :half_dim]], dim=-1)
    if embedding_dim % 2 == 1:
        emb = torch.nn.functional.pad(emb, (0, 1, 0, 0))
    return emb
