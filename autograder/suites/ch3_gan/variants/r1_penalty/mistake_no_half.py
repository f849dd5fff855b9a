# title: gamma instead of gamma / 2
# title_ja: gamma / 2 ではなく gamma
# diagnosis: Your R1 is twice the expected value: the convention here includes the factor gamma / 2.
# diagnosis_ja: R1 が期待値の 2 倍です。ここでの規約は係数 gamma / 2 を含みます。
def r1_penalty(critic, real: torch.Tensor, gamma: float) -> torch.Tensor:
    """R1 regulariser [R1] eq. (9): ``(gamma / 2) * E_x[ ||d critic(x) / d x||^2 ]`` on real data.

    Convention: the factor gamma / 2 is included (StyleGAN2 uses gamma = 10 with the
    same convention). The squared norm is over all non-batch dimensions; the mean over
    the batch. ``create_graph=True``, so the result can be backpropagated.

    Args:
        critic: callable, (B, ...) -> (B,) or (B, 1) logits.
        real: float tensor (B, ...).
        gamma: float >= 0.

    Returns:
        scalar tensor, differentiable w.r.t. the critic's parameters.
    """
    if not (isinstance(real, torch.Tensor) and real.is_floating_point()):
        raise TypeError(f"real must be a floating-point tensor (float32 or float64), got {real!r:.80}")
    if float(gamma) < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    x = real.detach().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)   # (B, ...)
    return float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
