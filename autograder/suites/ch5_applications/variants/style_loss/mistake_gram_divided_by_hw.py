# title: Gram matrix divided by H * W only
# title_ja: グラム行列を H * W だけで割った
# diagnosis: Your Gram matrix is C times too large: divide by C * H * W (all elements of the feature map), not by H * W.
# diagnosis_ja: グラム行列が C 倍大きくなっています。H * W ではなく C * H * W（特徴マップの全要素数）で割ってください。
def gram_matrix(features):
    if features.dim() != 4:
        raise ValueError(f"features must be (B, C, H, W); got shape {tuple(features.shape)}")
    b, c, h, w = features.shape
    flat = features.reshape(b, c, h * w)  # (B, C, HW)
    return flat @ flat.transpose(1, 2) / (h * w)  # (B, C, C)


def style_loss(gen_features, style_features, layer_weights=None):
    if len(gen_features) != len(style_features) or len(gen_features) == 0:
        raise ValueError(f"need the same non-zero number of layers; got {len(gen_features)} generated "
                         f"and {len(style_features)} style feature maps")
    if layer_weights is None:
        layer_weights = [1.0] * len(gen_features)
    if len(layer_weights) != len(gen_features):
        raise ValueError(f"got {len(layer_weights)} layer weights for {len(gen_features)} layers")
    total = 0.0
    for fg, fs, w in zip(gen_features, style_features, layer_weights):
        if fg.shape != fs.shape:
            raise ValueError(f"feature shapes differ: {tuple(fg.shape)} vs {tuple(fs.shape)}")
        g_gen = gram_matrix(fg)  # (B, C, C)
        g_sty = gram_matrix(fs)
        total = total + float(w) * ((g_gen - g_sty) ** 2).mean()
    return total
