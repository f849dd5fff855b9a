# title: embeddings not L2-normalised
# title_ja: 埋め込みを L2 正規化しなかった
# diagnosis: Your loss looks computed from raw dot products; CLIP L2-normalises both embeddings before the matmul (cosine similarity).
# diagnosis_ja: 損失が生の内積から計算されているようです。CLIP は行列積の前に両方の埋め込みを L2 正規化します（コサイン類似度）。
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = image_emb  # (1)
    txt = text_emb
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)
