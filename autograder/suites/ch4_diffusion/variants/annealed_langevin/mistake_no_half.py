# title: drift alpha * score instead of alpha / 2 * score
# title_ja: ドリフトを alpha / 2 ではなく alpha 倍にした
# diagnosis: Your update looks like x + alpha * score + sqrt(alpha) z; Langevin dynamics uses alpha / 2 in front of the score.
# diagnosis_ja: 更新が x + alpha * score + sqrt(alpha) z になっているようです。Langevin Dynamics ではスコアの係数は alpha / 2 です。
# copy: annealed_langevin
#@@
#=            # (2) Langevin update with the level's score
#-            x = x + 0.5 * float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
#+            x = x + float(alpha) * score_fn(x, float(sig[i])) + math.sqrt(float(alpha)) * noise[i, j]
#=    return x
