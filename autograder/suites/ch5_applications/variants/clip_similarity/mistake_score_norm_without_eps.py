# title: CLIP score divides by the norms without the eps clamp
# title_ja: CLIP スコアでノルムを eps でクランプせずに割った
# diagnosis: Your CLIP score is NaN for an all-zero embedding: clamp each norm to at least eps before dividing (norm(dim=1, keepdim=True).clamp_min(eps)); the score of a zero embedding is 0.
# diagnosis_ja: すべて 0 の埋め込みで CLIP スコアが NaN になっています。割る前に各ノルムを eps 以上にクランプしてください（norm(dim=1, keepdim=True).clamp_min(eps)）。0 の埋め込みのスコアは 0 です。
# copy: cosine_similarity_matrix, clip_score
#@@
#=                         f"and {tuple(text_emb.shape)}")
#-    img = image_emb / image_emb.norm(dim=1, keepdim=True).clamp_min(eps)
#-    txt = text_emb / text_emb.norm(dim=1, keepdim=True).clamp_min(eps)
#+    img = image_emb / image_emb.norm(dim=1, keepdim=True)
#+    txt = text_emb / text_emb.norm(dim=1, keepdim=True)
#=    cos = (img * txt).sum(dim=1)  # (N,), the diagonal of the similarity matrix
