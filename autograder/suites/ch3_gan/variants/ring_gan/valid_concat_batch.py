# title: real and fake scored separately, explicit grad reset, stderr log
# title_ja: 本物と偽物を別々に評価、明示的な勾配リセット、stderr へのログ
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import sys


def gan_train_step(G, D, opt_g, opt_d, real, z, d_loss_fn, g_loss_fn):
    fake = G(z)
    real_logits = D(real)
    fake_logits = D(fake.detach())
    loss_d = d_loss_fn(real_logits, fake_logits)
    for p in D.parameters():
        p.grad = None
    loss_d.backward()
    opt_d.step()
    loss_g = g_loss_fn(D(G(z)))
    for p in G.parameters():
        p.grad = None
    loss_g.backward()
    opt_g.step()
    print(f"d {loss_d.item():.4f} g {loss_g.item():.4f}", file=sys.stderr)
    return loss_d.item(), loss_g.item()
