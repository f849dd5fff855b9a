# title: clean known image pasted into a noisy sample
# title_ja: ノイズのある生成サンプルにきれいな既知画像を貼り付けた
# diagnosis: Your kept region is the clean image x0_known; during sampling it must be noised to the level of x_gen: sqrt(abar) * x0_known + sqrt(1 - abar) * noise.
# diagnosis_ja: 保持領域がきれいな x0_known のままです。サンプリング中は x_gen と同じノイズレベルまでノイズを加えます: sqrt(abar) * x0_known + sqrt(1 - abar) * noise。
def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    if x_gen.shape != x0_known.shape or noise.shape != x_gen.shape:
        raise ValueError(f"x_gen, x0_known and noise must have the same shape; got {tuple(x_gen.shape)}, "
                         f"{tuple(x0_known.shape)}, {tuple(noise.shape)}")
    abar = torch.as_tensor(alpha_bar, dtype=x_gen.dtype, device=x_gen.device)
    if abar.dim() > 0:
        abar = abar.reshape(-1, *([1] * (x_gen.dim() - 1)))  # (B, 1, 1, 1)
    x_known = x0_known  # (1)
    mask = mask.to(x_gen.dtype)
    return mask * x_gen + (1 - mask) * x_known  # (2)
