# title: cross entropies summed over the batch
# title_ja: 交差エントロピーをバッチで和にした
# diagnosis: Your loss grows with the batch size: use the batch MEAN of each cross entropy (F.cross_entropy's default), not the sum.
# diagnosis_ja: 損失がバッチサイズに比例して大きくなっています。各交差エントロピーはバッチ「平均」（F.cross_entropy の既定）を使い、和にしないでください。
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = F.normalize(image_emb, dim=1)  # (1)
    txt = F.normalize(text_emb, dim=1)
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, labels, reduction="sum") + F.cross_entropy(logits.T, labels, reduction="sum"))  # (3)
