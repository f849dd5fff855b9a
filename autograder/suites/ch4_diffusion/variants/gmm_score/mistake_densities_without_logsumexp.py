# title: responsibilities from exp of the densities (no logsumexp)
# title_ja: 対数のまま正規化せず密度を exp してから負担率を計算した
# diagnosis: Your score is NaN far from the modes: exp of the log densities underflows to 0 and r_k = 0 / 0; use torch.softmax (logsumexp) on the log densities.
# diagnosis_ja: モードから遠い点でスコアが NaN です。対数密度を exp すると 0 にアンダーフローし r_k = 0 / 0 になります。対数密度に torch.softmax（logsumexp）を使ってください。
# copy: gmm_score
#@@
#=    # (2) responsibilities r_k = softmax over k
#-    r = torch.softmax(logp, dim=1)                                  # (N, K)
#+    p = torch.exp(logp)
#+    r = p / p.sum(1, keepdim=True)
#=    # (3) sum_k r_k (mu_k - x) / s_k^2
