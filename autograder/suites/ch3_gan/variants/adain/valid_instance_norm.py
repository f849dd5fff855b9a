# title: F.instance_norm then the affine style
# title_ja: F.instance_norm の後にスタイルのアフィン変換
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def adain(x, style_scale, style_bias, eps=1e-5):
    b, c = style_scale.shape
    return F.instance_norm(x, eps=eps) * style_scale.view(b, c, 1, 1) + style_bias.view(b, c, 1, 1)
