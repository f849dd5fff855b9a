# title: create_graph missing
# title_ja: create_graph がない
# diagnosis: Your R1 has the right value but cannot be backpropagated into the critic: call torch.autograd.grad(..., create_graph=True).
# diagnosis_ja: R1 の値は正しいのですが、critic へ逆伝播できません。torch.autograd.grad(..., create_graph=True) を使ってください。
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
    (g,) = torch.autograd.grad(critic(x).sum(), x)   # (B, ...)
    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
