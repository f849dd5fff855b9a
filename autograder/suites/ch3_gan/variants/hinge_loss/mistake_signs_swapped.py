# title: real and fake margins swapped
# title_ja: 本物と偽物のマージンを入れ替えた
# diagnosis: Your D loss pushes real logits down and fake logits up: it should be mean(max(0, 1 - real)) + mean(max(0, 1 + fake)).
# diagnosis_ja: D の損失が本物のロジットを下げ、偽物を上げる向きです。mean(max(0, 1 - real)) + mean(max(0, 1 + fake)) です。
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
    return F.relu(1.0 + real_logits).mean() + F.relu(1.0 - fake_logits).mean()


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
