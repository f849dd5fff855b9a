# title: log(sigmoid(l)) computed directly
# title_ja: log(sigmoid(l)) をそのまま計算した
# diagnosis: Your BCE becomes infinite for large logits: log(sigmoid(l)) underflows to log(0) in float32. Compute it from the logits with softplus or F.binary_cross_entropy_with_logits.
# diagnosis_ja: 大きなロジットで BCE が無限大になっています。float32 では log(sigmoid(l)) が log(0) になります。softplus か F.binary_cross_entropy_with_logits でロジットから計算してください。
def bce_logits(logits: torch.Tensor, target: float) -> torch.Tensor:
    """Mean binary cross-entropy between ``sigmoid(logits)`` and a constant target.

    ``BCE(x, t) = -[t log sigmoid(x) + (1 - t) log(1 - sigmoid(x))] = softplus(x) - t x``,
    computed stably from the logits (never through ``sigmoid`` then ``log``).
    Same value as ``torch.nn.functional.binary_cross_entropy_with_logits(logits,
    torch.full_like(logits, target))``.

    Args:
        logits: float tensor of any shape, e.g. (B,) or (B, 1): raw discriminator scores.
        target: the label, a number in [0, 1] (1 = "real", 0 = "fake").

    Returns:
        scalar tensor (dtype of ``logits``): the mean over all elements.

    Raises:
        TypeError: ``logits`` is not a floating-point tensor.
        ValueError: ``target`` is outside [0, 1].
    """
    if not (isinstance(logits, torch.Tensor) and logits.is_floating_point()):
        raise TypeError(f"logits must be a floating-point tensor (float32 or float64), got {logits!r:.80}")
    if not 0.0 <= float(target) <= 1.0:
        raise ValueError(f"target must lie in [0, 1], got {target}")
    # log(1 + e^x) - t x ; softplus is evaluated stably for large |x|
    p = torch.sigmoid(logits)
    t = float(target)
    return -(t * torch.log(p) + (1 - t) * torch.log(1 - p)).mean()


def d_loss_minimax(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """Discriminator loss of the minimax game [GAN] eq. (1), as BCE on logits.

    ``L_D = -E[log D(x)] - E[log(1 - D(G(z)))] = BCE(real, 1) + BCE(fake, 0)``
    (each term a mean over its own batch).

    Args:
        real_logits: float tensor (B,) or (B, 1): D's logits on real data.
        fake_logits: float tensor (B',) or (B', 1): D's logits on generated data.

    Returns:
        scalar tensor (dtype of the logits).
    """
    return bce_logits(real_logits, 1.0) + bce_logits(fake_logits, 0.0)


def g_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
    """The original (saturating) generator loss of [GAN] eq. (1).

    ``L_G = E[log(1 - D(G(z)))] = -BCE(fake, 0) = -mean(softplus(fake_logits))``.
    G *minimises* this value; its gradient vanishes when D confidently rejects the
    fakes (``fake_logits`` very negative), which is the case early in training.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits), always <= 0.
    """
    return -bce_logits(fake_logits, 0.0)
