# title: discriminator targets built as (B,) vectors (fails for (B, 1) logits)
# title_ja: 識別器のターゲットを (B,) のベクトルで作った（(B, 1) のロジットで失敗）
# diagnosis: Your discriminator loss builds its targets with shape (B,), so (B, 1) logits (an nn.Linear(..., 1) head) fail; build them like the logits: torch.ones_like(real_logits), torch.zeros_like(fake_logits).
# diagnosis_ja: 識別器の損失でターゲットを形 (B,) で作っているため、(B, 1) のロジット（nn.Linear(..., 1) の出力）で失敗します。ロジットと同じ形で torch.ones_like(real_logits)、torch.zeros_like(fake_logits) としてください。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=def d_loss_minimax(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
#-    return bce_logits(real_logits, 1.0) + bce_logits(fake_logits, 0.0)
#+    ones = torch.ones(real_logits.shape[0], dtype=real_logits.dtype)
#+    zeros = torch.zeros(fake_logits.shape[0], dtype=fake_logits.dtype)
#+    return (F.binary_cross_entropy_with_logits(real_logits, ones)
#+            + F.binary_cross_entropy_with_logits(fake_logits, zeros))
#=
