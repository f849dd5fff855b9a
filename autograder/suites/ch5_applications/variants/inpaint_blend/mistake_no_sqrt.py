# title: known image noised without square roots
# title_ja: 既知画像へのノイズ付加で平方根をとらなかった
# diagnosis: Your kept region uses abar * x0 + (1 - abar) * noise; q(x_t | x_0) uses sqrt(abar) and sqrt(1 - abar).
# diagnosis_ja: 保持領域が abar * x0 + (1 - abar) * noise になっています。q(x_t | x_0) は sqrt(abar) と sqrt(1 - abar) を使います。
def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    if x_gen.shape != x0_known.shape or noise.shape != x_gen.shape:
        raise ValueError(f"x_gen, x0_known and noise must have the same shape; got {tuple(x_gen.shape)}, "
                         f"{tuple(x0_known.shape)}, {tuple(noise.shape)}")
    abar = torch.as_tensor(alpha_bar, dtype=x_gen.dtype, device=x_gen.device)
    if abar.dim() > 0:
        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
    x_known = abar * x0_known + (1 - abar) * noise  # (1)
    mask = mask.to(x_gen.dtype)
    return mask * x_gen + (1 - mask) * x_known  # (2)
