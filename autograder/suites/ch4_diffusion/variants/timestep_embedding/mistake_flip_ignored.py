# title: flip_sin_to_cos ignored
# title_ja: flip_sin_to_cos を無視した
# diagnosis: Your embedding keeps the [sin, cos] order when flip_sin_to_cos=True; that layout is [cos, sin].
# diagnosis_ja: flip_sin_to_cos=True でも [sin, cos] の順のままです。そのレイアウトは [cos, sin] です。
# copy: timestep_embedding
#@@
#=    emb = torch.cat([torch.sin(args), torch.cos(args)], dim=-1)                           # (N, 2 half)
#-    if flip_sin_to_cos:
#-        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
#=    if embedding_dim % 2 == 1:
