# title: losses returned as tensors
# title_ja: 損失をテンソルのまま返した
# diagnosis: Your step returns tensors; return Python floats with loss.item() (a tensor keeps the whole graph alive).
# diagnosis_ja: 損失をテンソルのまま返しています。loss.item() で Python の float を返してください（テンソルは計算グラフ全体を保持し続けます）。
# copy: gan_train_step
#@@
#=    opt_g.step()
#-    return loss_d.item(), loss_g.item()
#+    return loss_d, loss_g
#=
