# title: odd embedding_dim not padded
# title_ja: 奇数の embedding_dim でゼロ列を足していない
# diagnosis: Your embedding has 2 * (dim // 2) columns for an odd dim; pad one zero column at the end.
# diagnosis_ja: 奇数の dim で列数が 2 * (dim // 2) になっています。最後にゼロの列を 1 つ足してください。
# copy: timestep_embedding
#@@
#=        emb = torch.cat([emb[:, half:], emb[:, :half]], dim=-1)
#-    if embedding_dim % 2 == 1:
#-        emb = torch.nn.functional.pad(emb, (0, 1))
#=    return emb.to(dtype)
