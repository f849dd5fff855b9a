# title: score pointing away from the means
# title_ja: スコアの符号が逆（平均から離れる向き）
# diagnosis: Your score looks like sum_k r_k (x - mu_k) / s_k^2; the score points towards the means: (mu_k - x) / s_k^2.
# diagnosis_ja: スコアが Σ r_k (x - μ_k) / s_k² になっているようです。スコアは平均の方を向きます: (μ_k - x) / s_k²。
# copy: gmm_score
#@@
#=    # (3) sum_k r_k (mu_k - x) / s_k^2
#-    return (r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
#+    return -(r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
#=
