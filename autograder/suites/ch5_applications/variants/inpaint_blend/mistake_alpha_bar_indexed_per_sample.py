# title: alpha_bar indexed per sample (a 0-dim tensor or a float fails)
# title_ja: alpha_bar をサンプルごとに添字付けした（0 次元テンソルや float で失敗）
# diagnosis: Your function indexes alpha_bar as a (B,) tensor; the spec also allows one level for the whole batch, a 0-dim tensor or a Python float: torch.as_tensor(alpha_bar, dtype=x_gen.dtype), reshaped only when it has a batch dimension.
# diagnosis_ja: alpha_bar を (B,) のテンソルとして添字付けしています。仕様ではバッチ全体で 1 つのレベル（0 次元テンソルや Python の float）も許されます。torch.as_tensor(alpha_bar, dtype=x_gen.dtype) とし、バッチ次元があるときだけ形を変えてください。
def inpaint_blend(x_gen, x0_known, noise, mask, alpha_bar):
    if x_gen.shape != x0_known.shape or noise.shape != x_gen.shape:
        raise ValueError(f"x_gen, x0_known and noise must have the same shape; got {tuple(x_gen.shape)}, "
                         f"{tuple(x0_known.shape)}, {tuple(noise.shape)}")
    abar = alpha_bar[:, None, None, None].to(x_gen.dtype)  # (B, 1, 1, 1)
    x_known = abar.sqrt() * x0_known + (1 - abar).sqrt() * noise  # (1)
    mask = mask.to(x_gen.dtype)
    return mask * x_gen + (1 - mask) * x_known  # (2)
