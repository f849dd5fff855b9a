# title: gradients never zeroed
# title_ja: 勾配をゼロにしていない
# diagnosis: Your update accumulates gradients across steps: call opt_d.zero_grad() / opt_g.zero_grad() before each backward().
# diagnosis_ja: 勾配がステップをまたいで蓄積しています。各 backward() の前に opt_d.zero_grad() / opt_g.zero_grad() を呼んでください。
# copy: gan_train_step
#@@
#=    loss_d = d_loss_fn(D(real), D(fake))
#-    opt_d.zero_grad()
#=    loss_d.backward()
#@@
#=    loss_g = g_loss_fn(D(G(z)))
#-    opt_g.zero_grad()
#=    loss_g.backward()
