# title: normalised along the batch axis instead of the embedding axis
# title_ja: 埋め込みの軸ではなくバッチの軸で正規化した
# diagnosis: Your similarity matrix looks normalised along dim=0 (over the batch); each embedding is a row, so normalise along dim=1 (the embedding axis).
# diagnosis_ja: 類似度行列が dim=0（バッチ方向）で正規化されているようです。埋め込みは各行なので dim=1（埋め込みの軸）で正規化してください。
# copy: cosine_similarity_matrix, clip_score
#@@
#=        raise ValueError(f"embedding sizes differ: a has D={a.shape[1]}, b has D={b.shape[1]}; they must be equal")
#-    a_n = a / a.norm(dim=1, keepdim=True).clamp_min(eps)  # (N, D), unit rows
#-    b_n = b / b.norm(dim=1, keepdim=True).clamp_min(eps)  # (M, D), unit rows
#+    a_n = a / a.norm(dim=0, keepdim=True).clamp_min(eps)  # (N, D), unit rows
#+    b_n = b / b.norm(dim=0, keepdim=True).clamp_min(eps)  # (M, D), unit rows
#=    return a_n @ b_n.T  # (N, M)
