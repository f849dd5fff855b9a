# title: exact largest singular value instead of the power-iteration estimate
# title_ja: べき乗法の推定値ではなく正確な最大特異値を使った
# diagnosis: Your sigma is the exact spectral norm (SVD / matrix_norm(ord=2)); spectral normalisation uses the power-iteration estimate u^T W v after n_iter steps.
# diagnosis_ja: sigma が正確なスペクトルノルム（SVD / matrix_norm(ord=2)）になっています。Spectral Normalization は n_iter 回のべき乗法の推定値 u^T W v を使います。
# copy: spectral_norm_weight
#@@
#=            v = F.normalize(w_mat.t() @ u, dim=0, eps=eps)   # (rest,)
#-    sigma = torch.dot(u, w_mat @ v)                           # u^T W v, eq. (8)
#+    sigma = torch.linalg.matrix_norm(w_mat, ord=2)                           # u^T W v, eq. (8)
#=    return weight / sigma, u, v, sigma
