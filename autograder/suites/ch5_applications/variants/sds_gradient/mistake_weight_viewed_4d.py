# title: w(t) reshaped to (B, 1, 1, 1) (images only)
# title_ja: w(t) を (B, 1, 1, 1) に変形した（画像のみ）
# diagnosis: Your weight is reshaped to (B, 1, 1, 1), which broadcasts wrongly for inputs that are not 4-D; reshape to (B,) + (1,) * (eps.dim() - 1).
# diagnosis_ja: 重みを (B, 1, 1, 1) に変形しているため、4 次元以外の入力で誤ってブロードキャストされます。(B,) + (1,) * (eps.dim() - 1) に変形してください。
# copy: sds_gradient
#@@
#=    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
#-    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
#+    w = w.view(-1, 1, 1, 1)
#=    return (w * (eps_hat - eps)).detach()
