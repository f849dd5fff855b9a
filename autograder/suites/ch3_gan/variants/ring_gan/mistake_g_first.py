# title: generator updated before the discriminator
# title_ja: Discriminator より先に Generator を更新した
# diagnosis: Your step updates G before D; the order is one D step, then one G step through the updated D.
# diagnosis_ja: G を D より先に更新しています。順序は D を 1 回更新し、その更新後の D を使って G を 1 回更新します。
# copy: gan_train_step
#@@
#=    # (1) discriminator step; the generator is not updated here
#+    # (2) generator step through the updated discriminator
#+    loss_g = g_loss_fn(D(G(z)))
#+    opt_g.zero_grad()
#+    loss_g.backward()
#+    opt_g.step()
#=    fake = G(z).detach()
#@@
#=    opt_d.step()
#-    # (2) generator step through the updated discriminator
#-    loss_g = g_loss_fn(D(G(z)))
#-    opt_g.zero_grad()
#-    loss_g.backward()
#-    opt_g.step()
#=    return loss_d.item(), loss_g.item()
