# title: logit_scale used without exp
# title_ja: logit_scale を exp せずに使った
# diagnosis: Your loss looks like it multiplies the similarities by logit_scale itself; logit_scale is log(1 / temperature), so multiply by exp(logit_scale).
# diagnosis_ja: 損失が類似度に logit_scale そのものを掛けているようです。logit_scale は log(1/温度) なので exp(logit_scale) を掛けてください。
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    if image_emb.dim() != 2 or image_emb.shape != text_emb.shape:
        raise ValueError(f"image_emb and text_emb must both be (N, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(text_emb.shape)}")
    img = F.normalize(image_emb, dim=1)  # (1)
    txt = F.normalize(text_emb, dim=1)
    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device)
    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
    labels = torch.arange(img.shape[0], device=img.device)
    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)
