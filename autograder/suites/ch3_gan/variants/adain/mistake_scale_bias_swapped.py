# title: style scale and bias swapped
# title_ja: スタイルのスケールとバイアスを入れ替えた
# diagnosis: Your AdaIN multiplies by style_bias and adds style_scale; it is style_scale * x_norm + style_bias.
# diagnosis_ja: AdaIN が style_bias を掛けて style_scale を足しています。style_scale · x_norm + style_bias です。
# copy: adain
#@@
#=    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
#-    return style_scale[:, :, None, None] * x_norm + style_bias[:, :, None, None]
#+    return style_bias[:, :, None, None] * x_norm + style_scale[:, :, None, None]
#=
