# title: generator loss with a hinge
# title_ja: Generator 側にもヒンジをかけた
# diagnosis: Your g_loss_hinge clamps like the D loss; the hinge generator loss is simply -mean(fake_logits).
# diagnosis_ja: g_loss_hinge が D の損失のようにクランプしています。ヒンジ損失の Generator 側は単に -mean(fake_logits) です。
# copy: d_loss_hinge, g_loss_hinge
#@@
#=        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
#-    return -fake_logits.mean()
#+    return F.relu(1.0 - fake_logits).mean()
#=
