# title: similarity matrix without normalising the embeddings
# title_ja: 埋め込みを正規化せずに類似度行列を計算した
# diagnosis: Your similarity matrix looks like the raw dot products a @ b.T; cosine similarity divides by both norms, so L2-normalise every row of a and b first.
# diagnosis_ja: 類似度行列が生の内積 a @ b.T になっているようです。コサイン類似度は両方のノルムで割るので、先に a と b の各行を L2 正規化してください。
# copy: cosine_similarity_matrix, clip_score
#@@
#=        raise ValueError(f"embedding sizes differ: a has D={a.shape[1]}, b has D={b.shape[1]}; they must be equal")
#-    a_n = a / a.norm(dim=1, keepdim=True).clamp_min(eps)  # (N, D), unit rows
#-    b_n = b / b.norm(dim=1, keepdim=True).clamp_min(eps)  # (M, D), unit rows
#+    a_n = a
#+    b_n = b
#=    return a_n @ b_n.T  # (N, M)
