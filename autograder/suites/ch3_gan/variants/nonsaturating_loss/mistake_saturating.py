# title: the saturating loss instead of the non-saturating one
# title_ja: 非飽和損失ではなく飽和する損失
# diagnosis: Your loss equals E[log(1 - D(G(z)))] (the original, saturating loss); the non-saturating loss is -E[log D(G(z))] = mean(softplus(-l)).
# diagnosis_ja: 損失が E[log(1 - D(G(z)))]（元の飽和する損失）になっています。非飽和損失は -E[log D(G(z))] = mean(softplus(-l)) です。
# copy: g_loss_nonsaturating
#@@
#=    # -log sigmoid(l) = softplus(-l), stable for large |l|
#-    return F.softplus(-fake_logits).mean()
#+    return -F.softplus(fake_logits).mean()
#=
