# title: sin and cos interleaved
# title_ja: sin と cos を交互に並べた
# diagnosis: Your embedding looks interleaved (sin_0, cos_0, sin_1, ...); diffusers concatenates all sines, then all cosines.
# diagnosis_ja: 埋め込みが交互（sin_0, cos_0, sin_1, ...）に並んでいるようです。diffusers は sin をすべて並べてから cos を並べます。
# copy: timestep_embedding
#@@
#=    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
#-    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)                           # (N, 2 half)
#+    emb = torch.stack([torch.sin(args), torch.cos(args)], dim=-1).reshape(args.shape[0], -1)
#=    if flip_sin_to_cos:
