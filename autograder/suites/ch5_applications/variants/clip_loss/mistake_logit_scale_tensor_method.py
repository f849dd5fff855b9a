# title: logit_scale.exp() (a Python float fails)
# title_ja: logit_scale.exp()（Python の float で失敗）
# diagnosis: Your loss calls logit_scale.exp(), which fails when logit_scale is a Python float as the spec allows; use torch.as_tensor(logit_scale, dtype=img.dtype).exp().
# diagnosis_ja: 損失で logit_scale.exp() を呼んでいるため、仕様で許される Python の float では失敗します。torch.as_tensor(logit_scale, dtype=img.dtype).exp() を使ってください。
# copy: clip_contrastive_loss
#@@
#=    txt = F.normalize(text_emb, dim=1)
#-    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
#+    scale = logit_scale.to(img.dtype).exp()
#=    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
