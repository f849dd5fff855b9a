# title: known image noised without square roots
# title_ja: 既知画像へのノイズ付加で平方根をとらなかった
# diagnosis: Your kept region uses abar * x0 + (1 - abar) * noise; q(x_t | x_0) uses sqrt(abar) and sqrt(1 - abar).
# diagnosis_ja: 保持領域が abar * x0 + (1 - abar) * noise になっています。q(x_t | x_0) は sqrt(abar) と sqrt(1 - abar) を使います。
# copy: inpaint_blend
#@@
#=        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
#-    x_known = abar.sqrt() * x0_known + (1 - abar).sqrt() * noise  # (1)
#+    x_known = abar * x0_known + (1 - abar) * noise  # (1)
#=    mask = mask.to(x_gen.dtype)
