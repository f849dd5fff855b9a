# title: CLIP score without the factor 100
# title_ja: CLIP スコアに 100 を掛けなかった
# diagnosis: Your CLIP score looks 100 times too small: the CLIP score (torchmetrics' formula) is 100 * max(cos, 0).
# diagnosis_ja: CLIP スコアが 100 分の 1 になっているようです。CLIP スコア（torchmetrics の式）は 100 * max(cos, 0) です。
# copy: cosine_similarity_matrix, clip_score
#@@
#=    cos = (img * txt).sum(dim=1)  # (N,), the diagonal of the similarity matrix
#-    return 100.0 * cos.clamp_min(0.0)
#+    return cos.clamp_min(0.0)
#=
