# title: sum instead of mean
# title_ja: 平均ではなく和をとった
# diagnosis: Your BCE sums over the elements; the loss is the mean over all elements.
# diagnosis_ja: BCE が要素の和になっています。損失は全要素の平均です。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=    # log(1 + e^x) - t x ; softplus is evaluated stably for large |x|
#-    return (F.softplus(logits) - float(target) * logits).mean()
#+    return (F.softplus(logits) - float(target) * logits).sum()
#=
