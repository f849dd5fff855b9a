# title: real and fake margins swapped
# title_ja: 本物と偽物のマージンを入れ替えた
# diagnosis: Your D loss pushes real logits down and fake logits up: it should be mean(max(0, 1 - real)) + mean(max(0, 1 + fake)).
# diagnosis_ja: D の損失が本物のロジットを下げ、偽物を上げる向きです。mean(max(0, 1 - real)) + mean(max(0, 1 + fake)) です。
# copy: d_loss_hinge, g_loss_hinge
#@@
#=        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
#-    return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()
#+    return F.relu(1.0 + real_logits).mean() + F.relu(1.0 - fake_logits).mean()
#=
