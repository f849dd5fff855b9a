# title: explicit log-softmax in both directions
# title_ja: 両方向の log-softmax を明示的に計算
# diagnosis: valid: -mean(diag(log_softmax)) over rows and over columns.
# diagnosis_ja: 正解: 行方向と列方向の log_softmax の対角の平均
def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    img = image_emb / image_emb.norm(dim=-1, keepdim=True)
    txt = text_emb / text_emb.norm(dim=-1, keepdim=True)
    logits = torch.exp(torch.as_tensor(logit_scale, dtype=img.dtype)) * (img @ txt.t())
    i2t = -torch.diagonal(torch.log_softmax(logits, dim=1)).mean()
    t2i = -torch.diagonal(torch.log_softmax(logits, dim=0)).mean()
    return (i2t + t2i) / 2
