# title: grad_outputs of shape (B,) (a (B, 1) critic fails)
# title_ja: grad_outputs の形を (B,) にした（(B, 1) の critic で失敗）
# diagnosis: Your autograd.grad call passes grad_outputs of shape (B,), which does not match a critic with (B, 1) logits (an nn.Linear(..., 1) head); use grad_outputs=torch.ones_like(logits), or differentiate logits.sum().
# diagnosis_ja: autograd.grad に形 (B,) の grad_outputs を渡しているため、(B, 1) のロジットを返す critic（nn.Linear(..., 1) の出力）と形が合いません。grad_outputs=torch.ones_like(logits) とするか、logits.sum() を微分してください。
def r1_penalty(critic, real: torch.Tensor, gamma: float) -> torch.Tensor:
    if not (isinstance(real, torch.Tensor) and real.is_floating_point()):
        raise TypeError(f"real must be a floating-point tensor (float32 or float64), got {real!r:.80}")
    if float(gamma) < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    x = real.detach().requires_grad_(True)
    ones = torch.ones(real.shape[0], dtype=real.dtype, device=real.device)
    (g,) = torch.autograd.grad(critic(x), x, grad_outputs=ones, create_graph=True)   # (B, ...)
    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
