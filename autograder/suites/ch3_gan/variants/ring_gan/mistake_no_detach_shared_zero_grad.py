# title: fake not detached and both gradients zeroed only at the start
# title_ja: fake を detach せず、勾配のゼロ化も最初に 1 回だけ
# diagnosis: Your D step backpropagates into G (the fake is not detached) and G's gradients are not zeroed before the G step, so G is updated with the D loss's gradient too.
# diagnosis_ja: D の更新で G にも逆伝播しており（fake を detach していない）、G の更新前に G の勾配をゼロにしていないため、G が D の損失の勾配でも更新されています。
# copy: gan_train_step
#@@
#=    # (1) discriminator step; the generator is not updated here
#-    fake = G(z).detach()
#+    opt_d.zero_grad()
#+    opt_g.zero_grad()
#+    fake = G(z)
#=    loss_d = d_loss_fn(D(real), D(fake))
#-    opt_d.zero_grad()
#=    loss_d.backward()
#@@
#=    loss_g = g_loss_fn(D(G(z)))
#-    opt_g.zero_grad()
#=    loss_g.backward()
