# title: log(sigmoid(l)) computed directly
# title_ja: log(sigmoid(l)) をそのまま計算した
# diagnosis: Your BCE becomes infinite for large logits: log(sigmoid(l)) underflows to log(0) in float32. Compute it from the logits with softplus or F.binary_cross_entropy_with_logits.
# diagnosis_ja: 大きなロジットで BCE が無限大になっています。float32 では log(sigmoid(l)) が log(0) になります。softplus か F.binary_cross_entropy_with_logits でロジットから計算してください。
# copy: bce_logits, d_loss_minimax, g_loss_minimax
#@@
#=    # log(1 + e^x) - t x ; softplus is evaluated stably for large |x|
#-    return (F.softplus(logits) - float(target) * logits).mean()
#+    p = torch.sigmoid(logits)
#+    t = float(target)
#+    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()
#=
