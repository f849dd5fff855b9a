# title: only the image-to-text cross entropy
# title_ja: 画像→テキスト方向の交差エントロピーだけを使った
# diagnosis: Your loss looks like the image-to-text cross entropy only; CLIP's loss is symmetric: average CE(logits, labels) and CE(logits.T, labels).
# diagnosis_ja: 損失が画像→テキスト方向の交差エントロピーだけのようです。CLIP の損失は対称で、CE(logits, labels) と CE(logits.T, labels) の平均です。
# copy: clip_contrastive_loss
#@@
#=    labels = torch.arange(img.shape[0], device=img.device)
#-    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)
#+    return F.cross_entropy(logits, labels)  # (3)
#=
