# title: mask polarity inverted
# title_ja: マスクの向きを逆にした
# diagnosis: Your blend keeps the generated sample where the mask is 0: mask == 1 marks the region to GENERATE, so x = mask * x_gen + (1 - mask) * x_known.
# diagnosis_ja: マスクが 0 の場所で生成したサンプルを使っています。mask == 1 が「生成する」領域なので x = mask * x_gen + (1 - mask) * x_known です。
# copy: inpaint_blend
#@@
#=    mask = mask.to(x_gen.dtype)
#-    return mask * x_gen + (1 - mask) * x_known  # (2)
#+    return (1 - mask) * x_gen + mask * x_known  # (2)
#=
