# title: bmm in float64 with a per-sample loop for the loss
# title_ja: float64 の bmm と、サンプルごとのループによる損失
# diagnosis: valid: Gram via torch.bmm in float64; the mean computed as sum / count.
# diagnosis_ja: 正解: float64 の torch.bmm でグラム行列、平均は 和 / 個数 で計算
import sys


def gram_matrix(features):
    b, c, h, w = features.shape
    f = features.double().view(b, c, h * w)
    return (torch.bmm(f, f.transpose(1, 2)) / float(c * h * w)).to(features.dtype)


def style_loss(gen_features, style_features, layer_weights=None):
    print("layers:", len(gen_features), file=sys.stderr)
    total = torch.zeros((), dtype=gen_features[0].dtype)
    for i, (g, s) in enumerate(zip(gen_features, style_features)):
        w = 1.0 if layer_weights is None else layer_weights[i]
        d = gram_matrix(g) - gram_matrix(s)
        total = total + w * (d * d).sum() / d.numel()
    return total
