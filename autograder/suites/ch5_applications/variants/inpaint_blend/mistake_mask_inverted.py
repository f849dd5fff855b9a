# title: mask polarity inverted
# title_ja: マスクの向きを逆にした
# diagnosis: Your blend keeps the generated sample where the mask is 0: mask == 1 marks the region to GENERATE, so x = mask * x_gen + (1 - mask) * x_known.
# diagnosis_ja: マスクが 0 の場所で生成したサンプルを使っています。mask == 1 が「生成する」領域なので x = mask * x_gen + (1 - mask) * x_known です。
def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    if x_gen.shape != x0_known.shape or noise.shape != x_gen.shape:
        raise ValueError(f"x_gen, x0_known and noise must have the same shape; got {tuple(x_gen.shape)}, "
                         f"{tuple(x0_known.shape)}, {tuple(noise.shape)}")
    abar = torch.as_tensor(alpha_bar, dtype=x_gen.dtype, device=x_gen.device)
    if abar.dim() > 0:
        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
    x_known = abar.sqrt() * x0_known + (1 - abar).sqrt() * noise  # (1)
    mask = mask.to(x_gen.dtype)
    return (1 - mask) * x_gen + mask * x_known  # (2)
