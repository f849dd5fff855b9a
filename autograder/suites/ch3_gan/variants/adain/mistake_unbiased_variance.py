# title: unbiased variance (divide by H*W - 1)
# title_ja: 不偏分散（H·W - 1 で割る）
# diagnosis: Your AdaIN normalises with the unbiased variance (x.var() divides by H*W - 1); instance normalisation uses the biased variance (unbiased=False).
# diagnosis_ja: AdaIN が不偏分散で正規化しています（x.var() は H·W - 1 で割ります）。インスタンス正規化はバイアスあり分散（unbiased=False）です。
def adain(x: torch.Tensor, style_scale: torch.Tensor, style_bias: torch.Tensor,
          eps: float = 1e-5) -> torch.Tensor:
    """Adaptive instance normalisation [ADAIN] eq. (8), [STYLE] eq. (1).

    ``AdaIN(x, y)_{b,c} = y_s[b,c] * (x_{b,c} - mu_{b,c}) / sqrt(var_{b,c} + eps) + y_b[b,c]``
    with ``mu``, ``var`` the mean and the *biased* variance (divide by H*W) over the
    spatial positions of each sample and channel, ``eps`` inside the square root
    (the convention of ``torch.nn.functional.instance_norm``).

    Args:
        x: float tensor (B, C, H, W), H * W >= 2.
        style_scale: y_s, float tensor (B, C).
        style_bias: y_b, float tensor (B, C).
        eps: positive float added to the variance.

    Returns:
        tensor (B, C, H, W), dtype of ``x``.

    Raises:
        ValueError: wrong ranks or mismatching shapes.
    """
    if not (isinstance(x, torch.Tensor) and x.is_floating_point()):
        raise TypeError(f"x must be a floating-point tensor (float32 or float64), got {x!r:.80}")
    if x.dim() != 4:
        raise ValueError(f"x must have shape (B, C, H, W), got {tuple(x.shape)}")
    for name, s in (("style_scale", style_scale), ("style_bias", style_bias)):
        if tuple(s.shape) != tuple(x.shape[:2]):
            raise ValueError(f"{name} must have shape (B, C) = {tuple(x.shape[:2])}, got {tuple(s.shape)}")
    mu = x.mean(dim=(2, 3), keepdim=True)                              # (B, C, 1, 1)
    var = x.var(dim=(2, 3), keepdim=True)              # biased, (B, C, 1, 1)
    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
    return style_scale[:, :, None, None] * x_norm + style_bias[:, :, None, None]
