# title: gradient norm over dim 1 only
# title_ja: 勾配のノルムを dim 1 だけでとった
# diagnosis: Your penalty takes the gradient norm over dim 1 (channels) only; the norm is over all non-batch dimensions of each sample (grad.flatten(1).norm(dim=1)).
# diagnosis_ja: ペナルティが勾配のノルムを dim 1（チャネル）だけでとっています。ノルムは各サンプルのバッチ以外のすべての次元でとります（grad.flatten(1).norm(dim=1)）。
def gradient_penalty(critic, real: torch.Tensor, fake: torch.Tensor, alpha: torch.Tensor) -> torch.Tensor:
    """WGAN-GP gradient penalty [WGANGP] eq. (3), without the weight lambda.

    1. ``x_hat = alpha * real + (1 - alpha) * fake`` per sample (alpha broadcast over
       the non-batch dimensions);
    2. ``g = d critic(x_hat) / d x_hat`` with ``create_graph=True`` so that the
       penalty can be backpropagated into the critic's parameters;
    3. ``||g||_2`` over *all* non-batch dimensions of each sample;
    4. ``mean_b (||g_b|| - 1)^2``.

    Args:
        critic: callable, (B, ...) -> (B,) or (B, 1) scores.
        real, fake: float tensors of the same shape (B, ...).
        alpha: float tensor (B,) of interpolation weights in [0, 1].

    Returns:
        scalar tensor, differentiable w.r.t. the critic's parameters.

    Raises:
        ValueError: mismatching shapes.
    """
    if not (isinstance(real, torch.Tensor) and real.is_floating_point()):
        raise TypeError(f"real must be a floating-point tensor (float32 or float64), got {real!r:.80}")
    if real.shape != fake.shape:
        raise ValueError(f"real and fake must have the same shape, got {tuple(real.shape)} and {tuple(fake.shape)}")
    if tuple(alpha.shape) != (real.shape[0],):
        raise ValueError(f"alpha must have shape (B,) = ({real.shape[0]},), got {tuple(alpha.shape)}")
    a = alpha.to(real.dtype).reshape(-1, *([1] * (real.dim() - 1)))       # (B, 1, ..., 1)
    x_hat = (a * real.detach() + (1 - a) * fake.detach()).requires_grad_(True)  # (1)
    scores = critic(x_hat)
    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
    norm = g.norm(2, dim=1)                                      # (3) (B,)
    return ((norm - 1.0) ** 2).mean()                                       # (4)
