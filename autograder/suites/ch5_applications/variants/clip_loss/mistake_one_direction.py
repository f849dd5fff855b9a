# title: only the image-to-text cross entropy
# title_ja: 画像→テキスト方向の交差エントロピーだけを使った
# diagnosis: Your loss looks like the image-to-text cross entropy only; CLIP's loss is symmetric: average CE(logits, labels) and CE(logits.T, labels).
# diagnosis_ja: 損失が画像→テキスト方向の交差エントロピーだけのようです。CLIP の損失は対称で、CE(logits, labels) と CE(logits.T, labels) の平均です。
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = F.normalize(image_emb, dim=1)  # (1)
    txt = F.normalize(text_emb, dim=1)
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return F.cross_entropy(logits, labels)  # (3)
