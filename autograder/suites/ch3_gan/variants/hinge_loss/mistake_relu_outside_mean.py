# title: clamp applied after the mean
# title_ja: 平均をとってからクランプした
# diagnosis: Your D loss clamps the batch mean (max(0, 1 - mean(l))) instead of averaging the per-sample hinge mean(max(0, 1 - l)).
# diagnosis_ja: D の損失がバッチ平均をクランプしています（max(0, 1 - mean(l))）。サンプルごとのヒンジの平均 mean(max(0, 1 - l)) です。
# copy: d_loss_hinge, g_loss_hinge
#@@
#=        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
#-    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()
#+    return F.relu(1.0 - real_logits.mean()) + F.relu(1.0 + fake_logits.mean())
#=
