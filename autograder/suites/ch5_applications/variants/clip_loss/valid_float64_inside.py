# title: computed in float64, returned in the input dtype
# title_ja: float64 で計算し、入力の dtype で返す
# diagnosis: valid: the same formula in float64 with a warning printed to stderr.
# diagnosis_ja: 正解: 同じ式を float64 で計算（stderr に警告を出す）
import warnings


def clip_contrastive_loss(image_emb, text_emb, logit_scale):
    warnings.warn("computing the CLIP loss in float64")
    dt = image_emb.dtype
    img = F.normalize(image_emb.double(), dim=-1)
    txt = F.normalize(text_emb.double(), dim=-1)
    logits_per_image = torch.as_tensor(logit_scale).double().exp() * img @ txt.T
    logits_per_text = logits_per_image.T
    labels = torch.arange(len(img), device=img.device)
    loss = (F.cross_entropy(logits_per_image, labels) + F.cross_entropy(logits_per_text, labels)) / 2
    return loss.to(dt)
