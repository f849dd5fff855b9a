# title: output bias missing
# title_ja: 出力のバイアスを足していない
# diagnosis: Your output looks like concat @ W_o^T without + b_o.
# diagnosis_ja: 出力が concat @ W_o^T のままで + b_o がないようです。
# copy: cross_attention
#@@
#=    out = (att @ v).transpose(1, 2).reshape(B, N, inner)             # (B, N, inner)
#-    return out @ w_o.T + b_o
#+    return out @ w_o.T
#=
