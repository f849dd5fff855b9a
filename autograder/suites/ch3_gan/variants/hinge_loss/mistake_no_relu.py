# title: hinge without the clamp at 0
# title_ja: 0 でのクランプがない
# diagnosis: Your D loss is mean(1 - real) + mean(1 + fake) without max(0, .): samples beyond the margin must contribute 0.
# diagnosis_ja: D の損失が max(0, .) なしの mean(1 - real) + mean(1 + fake) になっています。マージンを超えたサンプルの寄与は 0 です。
def d_loss_hinge(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Hinge discriminator loss [HINGE] (SN-GAN eq. 16).

    ``L_D = E[max(0, 1 - D(x))] + E[max(0, 1 + D(G(z)))]`` with D the raw score.

    Args:
        real_logits: float tensor (B,) or (B, 1).
        fake_logits: float tensor (B',) or (B', 1).

    Returns:
        scalar tensor (dtype of the logits), >= 0.
    """
    if not (isinstance(real_logits, torch.Tensor) and real_logits.is_floating_point()):
        raise TypeError(f"real_logits must be a floating-point tensor (float32 or float64), got {real_logits!r:.80}")
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    return (1.0 - real_logits).mean() + (1.0 + fake_logits).mean()


def g_loss_hinge(fake_logits: torch.Tensor) -> torch.Tensor:
    """Hinge generator loss [HINGE] (SN-GAN eq. 17): ``L_G = -E[D(G(z))]``.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits).
    """
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    return -fake_logits.mean()
