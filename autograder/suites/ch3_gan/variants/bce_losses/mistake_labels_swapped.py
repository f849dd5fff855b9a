# title: real and fake labels swapped in the D loss
# title_ja: D の損失で本物と偽物のラベルを入れ替えた
# diagnosis: Your d_loss_minimax labels the real logits 0 and the fake logits 1; real data has target 1 and generated data target 0.
# diagnosis_ja: d_loss_minimax が本物のロジットにラベル 0、偽物に 1 を付けています。本物のターゲットは 1、生成データは 0 です。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=def d_loss_minimax(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
#-    return bce_logits(real_logits, 1.0) + bce_logits(fake_logits, 0.0)
#+    return bce_logits(real_logits, 0.0) + bce_logits(fake_logits, 1.0)
#=
