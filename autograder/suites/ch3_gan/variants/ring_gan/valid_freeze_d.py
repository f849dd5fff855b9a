# title: D frozen during the G step, grads set to None
# title_ja: G の更新中は D を凍結、勾配を None に
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def gan_train_step(G, D, opt_g, opt_d, real, z, d_loss_fn, g_loss_fn):
    opt_d.zero_grad(set_to_none=True)
    with torch.no_grad():
        fake = G(z)
    loss_d = d_loss_fn(D(real), D(fake))
    loss_d.backward()
    opt_d.step()

    for p in D.parameters():
        p.requires_grad_(False)
    opt_g.zero_grad(set_to_none=True)
    loss_g = g_loss_fn(D(G(z)))
    loss_g.backward()
    opt_g.step()
    for p in D.parameters():
        p.requires_grad_(True)
    return float(loss_d.detach()), float(loss_g.detach())
