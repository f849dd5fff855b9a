# title: sigmoid applied before a with-logits loss
# title_ja: with_logits の損失の前に sigmoid を適用した
# diagnosis: Your BCE looks like it feeds sigmoid(logits) into a loss that applies the sigmoid again (BCE-with-logits); pass the raw logits.
# diagnosis_ja: BCE が sigmoid(logits) を、内部でもう一度 sigmoid をかける損失（BCE-with-logits）に渡しているようです。生のロジットを渡してください。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=    # log(1 + e^x) - t x ; softplus is evaluated stably for large |x|
#-    return (F.softplus(logits) - float(target) * logits).mean()
#+    probs = torch.sigmoid(logits)
#+    return F.binary_cross_entropy_with_logits(probs, torch.full_like(probs, float(target)))
#=
