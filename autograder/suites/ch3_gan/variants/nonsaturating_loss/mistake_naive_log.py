# title: -log(sigmoid(l)) computed directly
# title_ja: -log(sigmoid(l)) をそのまま計算した
# diagnosis: Your loss is infinite (and its gradient NaN) for very negative logits, exactly when D rejects the fakes: compute -log sigmoid(l) as softplus(-l).
# diagnosis_ja: D が偽物を見破っている（ロジットが大きく負）ときに損失が無限大、勾配が NaN になります。-log sigmoid(l) は softplus(-l) で計算してください。
# copy: g_loss_nonsaturating
#@@
#=    # -log sigmoid(l) = softplus(-l), stable for large |l|
#-    return F.softplus(-fake_logits).mean()
#+    return -torch.log(torch.sigmoid(fake_logits)).mean()
#=
