# title: softmax over the image tokens
# title_ja: softmax を画像トークン方向にとった
# diagnosis: Your attention weights look normalised over the image tokens (dim -2); each query's weights over the text tokens (last dim) must sum to 1.
# diagnosis_ja: 注意の重みが画像トークン方向（dim -2）で正規化されているようです。各クエリのテキストトークン方向（最後の次元）の重みの和が 1 になるようにします。
# copy: cross_attention
#@@
#=    v = (context @ w_v.T).reshape(B, M, heads, d).transpose(1, 2)   # (B, H, M, d)
#-    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1)  # (B, H, N, M)
#+    att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-2)  # (B, H, N, M)
#=    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
