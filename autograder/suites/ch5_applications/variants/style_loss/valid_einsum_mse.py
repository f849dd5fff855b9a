# title: einsum Gram matrix and F.mse_loss
# title_ja: einsum のグラム行列と F.mse_loss
# diagnosis: valid: G = einsum('bchw,bdhw->bcd') / (C H W); the layer loss is F.mse_loss.
# diagnosis_ja: 正解: G = einsum('bchw,bdhw->bcd') / (C H W)、層の損失は F.mse_loss
def gram_matrix(features):
    _, c, h, w = features.shape
    return torch.einsum("bchw,bdhw->bcd", features, features) / (c * h * w)


def style_loss(gen_features, style_features, layer_weights=None):
    weights = layer_weights if layer_weights is not None else [1.0 for _ in gen_features]
    losses = [wt * F.mse_loss(gram_matrix(g), gram_matrix(s)) for g, s, wt in zip(gen_features, style_features, weights)]
    return torch.stack(losses).sum()
