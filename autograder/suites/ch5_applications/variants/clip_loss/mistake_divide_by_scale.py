# title: similarities divided by exp(logit_scale)
# title_ja: 類似度を exp(logit_scale) で割った
# diagnosis: Your loss looks like it divides the similarities by exp(logit_scale); exp(logit_scale) is 1 / temperature, so logits = exp(logit_scale) * similarity (multiply).
# diagnosis_ja: 損失が類似度を exp(logit_scale) で割っているようです。exp(logit_scale) は 1/温度 なので logits = exp(logit_scale) * 類似度（掛け算）です。
# copy: clip_contrastive_loss
#@@
#=    scale = torch.as_tensor(logit_scale, dtype=img.dtype, device=img.device).exp()
#-    logits = scale * img @ txt.T  # (2) (N, N): logits_per_image
#+    logits = img @ txt.T / scale  # (2) (N, N): logits_per_image
#=    labels = torch.arange(img.shape[0], device=img.device)
