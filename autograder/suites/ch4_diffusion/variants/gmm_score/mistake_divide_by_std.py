# title: divided by s_k instead of s_k^2
# title_ja: s_k² ではなく s_k で割った
# diagnosis: Your score looks like sum_k r_k (mu_k - x) / s_k; the gradient of -||x - mu||^2 / (2 s^2) divides by the variance s_k^2.
# diagnosis_ja: スコアが Σ r_k (μ_k - x) / s_k になっているようです。-||x - μ||² / (2 s²) の勾配は分散 s_k² で割ります。
# copy: gmm_score
#@@
#=    # (3) sum_k r_k (mu_k - x) / s_k^2
#-    return (r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
#+    return (r[:, :, None] * diff / s[None, :, None]).sum(1).to(x.dtype)
#=
