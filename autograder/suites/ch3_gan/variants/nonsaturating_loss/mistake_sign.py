# title: maximised instead of minimised (sign flipped)
# title_ja: 符号が逆（最大化している）
# diagnosis: Your loss has the opposite sign: G minimises -E[log D(G(z))] = mean(softplus(-l)), which is positive.
# diagnosis_ja: 損失の符号が逆です。G は -E[log D(G(z))] = mean(softplus(-l))（正の値）を最小化します。
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
    return F.logsigmoid(fake_logits).mean()
