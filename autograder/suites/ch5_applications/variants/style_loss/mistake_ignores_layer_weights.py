# title: layer weights ignored
# title_ja: 層の重みを無視した
# diagnosis: Your style loss does not change with layer_weights: multiply each layer's mean squared Gram difference by its weight.
# diagnosis_ja: スタイル損失が layer_weights によって変わりません。各層の平均二乗差にその層の重みを掛けてください。
# copy: gram_matrix, style_loss
#@@
#=        g_sty = gram_matrix(fs)
#-        total = total + float(w) * ((g_gen - g_sty) ** 2).mean()
#+        total = total + ((g_gen - g_sty) ** 2).mean()
#=    return total
