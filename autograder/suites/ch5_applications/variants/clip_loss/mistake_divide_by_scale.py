# title: similarities divided by exp(logit_scale)
# title_ja: 類似度を exp(logit_scale) で割った
# diagnosis: Your loss looks like it divides the similarities by exp(logit_scale); exp(logit_scale) is 1 / temperature, so logits = exp(logit_scale) * similarity (multiply).
# diagnosis_ja: 損失が類似度を exp(logit_scale) で割っているようです。exp(logit_scale) は 1/温度 なので logits = exp(logit_scale) * 類似度（掛け算）です。
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = F.normalize(image_emb, dim=1)  # (1)
    txt = F.normalize(text_emb, dim=1)
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
    logits = img @ txt.T / scale  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)
