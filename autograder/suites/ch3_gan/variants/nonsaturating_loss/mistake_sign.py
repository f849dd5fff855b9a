# title: maximised instead of minimised (sign flipped)
# title_ja: 符号が逆（最大化している）
# diagnosis: Your loss has the opposite sign: G minimises -E[log D(G(z))] = mean(softplus(-l)), which is positive.
# diagnosis_ja: 損失の符号が逆です。G は -E[log D(G(z))] = mean(softplus(-l))（正の値）を最小化します。
# copy: g_loss_nonsaturating
#@@
#=    # -log sigmoid(l) = softplus(-l), stable for large |l|
#-    return F.softplus(-fake_logits).mean()
#+    return F.logsigmoid(fake_logits).mean()
#=
