# title: gradients never zeroed
# title_ja: 勾配をゼロにしていない
# diagnosis: Your update accumulates gradients across steps: call opt_d.zero_grad() / opt_g.zero_grad() before each backward().
# diagnosis_ja: 勾配がステップをまたいで蓄積しています。各 backward() の前に opt_d.zero_grad() / opt_g.zero_grad() を呼んでください。
def gan_train_step(G: nn.Module, D: nn.Module, opt_g, opt_d, real: torch.Tensor, z: torch.Tensor,
                   d_loss_fn, g_loss_fn):
    """One alternating GAN update [GAN] Algorithm 1 (k = 1): first D, then G.

    1. D step: ``fake = G(z).detach()``; ``loss_d = d_loss_fn(D(real), D(fake))``;
       ``opt_d.zero_grad()``, backward, ``opt_d.step()``.
    2. G step (with the *updated* D): ``loss_g = g_loss_fn(D(G(z)))``;
       ``opt_g.zero_grad()``, backward, ``opt_g.step()``.
    Only ``opt_d`` changes D and only ``opt_g`` changes G; stale gradients never leak
    from one step into the other.

    Args:
        G: (B, z_dim) -> (B, 2) samples. D: (B, 2) -> (B,) or (B, 1) logits.
        opt_g, opt_d: optimizers over G's and D's parameters.
        real: float tensor (B, 2). z: float tensor (B, z_dim).
        d_loss_fn: (real_logits, fake_logits) -> scalar. g_loss_fn: fake_logits -> scalar.

    Returns:
        (loss_d, loss_g) as Python floats.
    """
    # (1) discriminator step; the generator is not updated here
    fake = G(z).detach()
    loss_d = d_loss_fn(D(real), D(fake))
    loss_d.backward()
    opt_d.step()
    # (2) generator step through the updated discriminator
    loss_g = g_loss_fn(D(G(z)))
    loss_g.backward()
    opt_g.step()
    return loss_d.item(), loss_g.item()
