# title: saturating generator loss with the wrong sign
# title_ja: 飽和する Generator 損失の符号が逆
# diagnosis: Your g_loss_minimax has the opposite sign: E[log(1 - D(G(z)))] = -BCE(fake_logits, 0) is negative.
# diagnosis_ja: g_loss_minimax の符号が逆です。E[log(1 - D(G(z)))] = -BCE(fake_logits, 0) は負の値です。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=def g_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
#-    return -bce_logits(fake_logits, 0.0)
#+    return bce_logits(fake_logits, 0.0)
#=
