# title: v not updated in the power iteration
# title_ja: べき乗法で v を更新していない
# diagnosis: Your power iteration updates only u; each iteration is u = normalize(W v) then v = normalize(W^T u).
# diagnosis_ja: べき乗法が u しか更新していません。各反復は u = normalize(W v)、続いて v = normalize(W^T u) です。
# copy: spectral_norm_weight
#@@
#=            u = F.normalize(w_mat @ v, dim=0, eps=eps)       # (out,)
#-            v = F.normalize(w_mat.t() @ u, dim=0, eps=eps)   # (rest,)
#+            pass   # (rest,)
#=    sigma = torch.dot(u, w_mat @ v)                           # u^T W v, eq. (8)
