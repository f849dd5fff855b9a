# title: log density without the -D log s_k term
# title_ja: 対数密度で -D log s_k を省いた
# diagnosis: Your responsibilities look like they ignore the normalising constant -D log s_k, which matters when the components have different s_k.
# diagnosis_ja: 負担率が正規化定数 -D log s_k を無視しているようです。成分ごとに s_k が違うときは必要です。
# copy: gmm_score
#@@
#=    logp = (torch.log(w)[None] - 0.5 * (diff ** 2).sum(-1) / s[None] ** 2
#-            - D * torch.log(s)[None] - 0.5 * D * math.log(2 * math.pi))   # (N, K)
#+            - 0.5 * D * math.log(2 * math.pi))   # (N, K)
#=    # (2) responsibilities r_k = softmax over k
