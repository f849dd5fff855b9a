# title: CLIP score without the clamp at 0
# title_ja: CLIP スコアを 0 でクランプしなかった
# diagnosis: Your CLIP score is negative for some pairs: the score is 100 * max(cos, 0), so clamp the cosine at 0.
# diagnosis_ja: CLIP スコアが負になる組があります。スコアは 100 * max(cos, 0) なので、コサインを 0 で下からクランプしてください。
# copy: cosine_similarity_matrix, clip_score
#@@
#=    cos = (img * txt).sum(dim=1)  # (N,), the diagonal of the similarity matrix
#-    return 100.0 * cos.clamp_min(0.0)
#+    return 100.0 * cos
#=
