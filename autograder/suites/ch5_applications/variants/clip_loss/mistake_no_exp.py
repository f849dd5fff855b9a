# title: logit_scale used without exp
# title_ja: logit_scale を exp せずに使った
# diagnosis: Your loss looks like it multiplies the similarities by logit_scale itself; logit_scale is log(1 / temperature), so multiply by exp(logit_scale).
# diagnosis_ja: 損失が類似度に logit_scale そのものを掛けているようです。logit_scale は log(1/温度) なので exp(logit_scale) を掛けてください。
# copy: clip_contrastive_loss
#@@
#=    txt = F.normalize(text_emb, dim=1)
#-    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
#+    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device)
#=    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
