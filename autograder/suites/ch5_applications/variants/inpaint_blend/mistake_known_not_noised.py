# title: clean known image pasted into a noisy sample
# title_ja: ノイズのある生成サンプルにきれいな既知画像を貼り付けた
# diagnosis: Your kept region is the clean image x0_known; during sampling it must be noised to the level of x_gen: sqrt(abar) * x0_known + sqrt(1 - abar) * noise.
# diagnosis_ja: 保持領域がきれいな x0_known のままです。サンプリング中は x_gen と同じノイズレベルまでノイズを加えます: sqrt(abar) * x0_known + sqrt(1 - abar) * noise。
# copy: inpaint_blend
#@@
#=        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
#-    x_known = abar.sqrt() * x0_known + (1 - abar).sqrt() * noise  # (1)
#+    x_known = x0_known  # (1)
#=    mask = mask.to(x_gen.dtype)
