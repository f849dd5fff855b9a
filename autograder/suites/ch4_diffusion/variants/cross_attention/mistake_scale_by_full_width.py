# title: scores divided by sqrt of the full width
# title_ja: スコアを全体の幅の平方根で割った
# diagnosis: Your attention looks scaled by 1 / sqrt(heads * d); each head uses its own width d: 1 / sqrt(d).
# diagnosis_ja: 注意が 1 / sqrt(heads * d) でスケールされているようです。各ヘッドは自分の幅 d を使います: 1 / sqrt(d)。
# copy: cross_attention
#@@
#=    v = (context @ w_v.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
#-    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)  # (B, H, N, M)
#+    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(inner), dim=-1)  # (B, H, N, M)
#=    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
