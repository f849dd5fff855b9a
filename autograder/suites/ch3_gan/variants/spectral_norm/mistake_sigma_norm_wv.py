# title: sigma computed as ||W v||
# title_ja: sigma を ||W v|| で計算した
# diagnosis: Your sigma is ||W v|| with the final v; the estimate is u^T W v (= ||W^T u||), with the u and v of the last iteration.
# diagnosis_ja: sigma が最後の v を使った ||W v|| になっています。推定値は最後の u, v による u^T W v（= ||W^T u||）です。
# copy: spectral_norm_weight
#@@
#=            v = F.normalize(w_mat.t() @ u, dim=0, eps=eps)   # (rest,)
#-    sigma = torch.dot(u, w_mat @ v)                           # u^T W v, eq. (8)
#+    sigma = (w_mat @ v).norm()                           # u^T W v, eq. (8)
#=    return weight / sigma, u, v, sigma
