# title: cross entropies summed over the batch
# title_ja: 交差エントロピーをバッチで和にした
# diagnosis: Your loss grows with the batch size: use the batch MEAN of each cross entropy (F.cross_entropy's default), not the sum.
# diagnosis_ja: 損失がバッチサイズに比例して大きくなっています。各交差エントロピーはバッチ「平均」（F.cross_entropy の既定）を使い、和にしないでください。
# copy: clip_contrastive_loss
#@@
#=    labels = torch.arange(img.shape[0], device=img.device)
#-    return 0.5 * (F.cross_entropy(logits, labels) + F.cross_entropy(logits.T, labels))  # (3)
#+    return 0.5 * (F.cross_entropy(logits, labels, reduction="sum") + F.cross_entropy(logits.T, labels, reduction="sum"))  # (3)
#=
