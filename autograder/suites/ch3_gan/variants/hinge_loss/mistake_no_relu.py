# title: hinge without the clamp at 0
# title_ja: 0 でのクランプがない
# diagnosis: Your D loss is mean(1 - real) + mean(1 + fake) without max(0, .): samples beyond the margin must contribute 0.
# diagnosis_ja: D の損失が max(0, .) なしの mean(1 - real) + mean(1 + fake) になっています。マージンを超えたサンプルの寄与は 0 です。
# copy: d_loss_hinge, g_loss_hinge
#@@
#=        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
#-    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()
#+    return (1.0 - real_logits).mean() + (1.0 + fake_logits).mean()
#=
