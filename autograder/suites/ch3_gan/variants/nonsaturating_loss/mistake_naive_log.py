# title: -log(sigmoid(l)) computed directly
# title_ja: -log(sigmoid(l)) をそのまま計算した
# diagnosis: Your loss is infinite (and its gradient NaN) for very negative logits, exactly when D rejects the fakes: compute -log sigmoid(l) as softplus(-l).
# diagnosis_ja: D が偽物を見破っている（ロジットが大きく負）ときに損失が無限大、勾配が NaN になります。-log sigmoid(l) は softplus(-l) で計算してください。
def g_loss_nonsaturating(fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating generator loss [GAN] Sec. 3: maximise log D(G(z)) instead.

    ``L_G = -E[log D(G(z))] = BCE(fake, 1) = mean(softplus(-fake_logits))``.
    Its derivative w.r.t. one logit ``l`` is ``-(1 - sigmoid(l)) / N``, close to
    ``-1/N`` when D rejects the fake (``l << 0``), whereas the saturating loss has
    ``-sigmoid(l) / N``, close to 0 there.

    Args:
        fake_logits: float tensor (B,) or (B, 1).

    Returns:
        scalar tensor (dtype of the logits), differentiable w.r.t. ``fake_logits``.
    """
    if not (isinstance(fake_logits, torch.Tensor) and fake_logits.is_floating_point()):
        raise TypeError(f"fake_logits must be a floating-point tensor (float32 or float64), got {fake_logits!r:.80}")
    # -log sigmoid(l) = softplus(-l), stable for large |l|
    return -torch.log(torch.sigmoid(fake_logits)).mean()
