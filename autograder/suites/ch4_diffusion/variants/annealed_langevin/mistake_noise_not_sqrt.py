# title: noise scaled by alpha instead of sqrt(alpha)
# title_ja: ノイズを sqrt(alpha) ではなく alpha 倍した
# diagnosis: Your update looks like it adds alpha * z; the noise of a Langevin step is sqrt(alpha) * z.
# diagnosis_ja: 更新で alpha * z を加えているようです。Langevin の 1 ステップのノイズは sqrt(alpha) * z です。
# copy: annealed_langevin
#@@
#=            # (2) Langevin update with the level's score
#-            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
#+            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + float(alpha) * noise[i, j]
#=    return x
