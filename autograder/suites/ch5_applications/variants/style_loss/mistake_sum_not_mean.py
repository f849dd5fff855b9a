# title: squared Gram differences summed instead of averaged
# title_ja: グラム行列の差の二乗を平均ではなく和にした
# diagnosis: Your style loss is larger by the number of Gram entries: average the squared differences over the batch and the C x C entries (.mean()), then weight by layer.
# diagnosis_ja: スタイル損失がグラム行列の要素数倍だけ大きくなっています。二乗差はバッチと C x C 要素で平均（.mean()）し、その後で層の重みを掛けてください。
# copy: gram_matrix, style_loss
#@@
#=        g_sty = gram_matrix(fs)
#-        total = total + float(w) * ((g_gen - g_sty) ** 2).mean()
#+        total = total + float(w) * ((g_gen - g_sty) ** 2).sum()
#=    return total
