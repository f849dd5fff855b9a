# title: normalised along the batch axis instead of the embedding axis
# title_ja: 埋め込みの軸ではなくバッチの軸で正規化した
# diagnosis: Your similarity matrix looks normalised along dim=0 (over the batch); each embedding is a row, so normalise along dim=1 (the embedding axis).
# diagnosis_ja: 類似度行列が dim=0（バッチ方向）で正規化されているようです。埋め込みは各行なので dim=1（埋め込みの軸）で正規化してください。
def cosine_similarity_matrix(a, b, eps=1e-8):
    if a.dim() != 2 or b.dim() != 2:
        raise ValueError(f"a and b must be 2-D (N, D) and (M, D); got shapes {tuple(a.shape)} and {tuple(b.shape)}")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"embedding sizes differ: a has D={a.shape[1]}, b has D={b.shape[1]}; they must be equal")
    a_n = a / a.norm(dim=0, keepdim=True).clamp_min(eps)  # (N, D), unit rows
    b_n = b / b.norm(dim=0, keepdim=True).clamp_min(eps)  # (M, D), unit rows
    return a_n @ b_n.T  # (N, M)


def clip_score(image_emb, text_emb, eps=1e-8):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = image_emb / image_emb.norm(dim=1, keepdim=True).clamp_min(eps)
    txt = text_emb / text_emb.norm(dim=1, keepdim=True).clamp_min(eps)
    cos = (img * txt).sum(dim=1)  # (N,), the diagonal of the similarity matrix
    return 100.0 * cos.clamp_min(0.0)
