# title: streaming (Chan/Welford) merge of batches of 4
# title_ja: 4 行ずつのバッチをストリーミング（Chan/Welford）で統合
def feature_statistics(features):
    n, mean, m2 = 0, None, None
    for batch in features.double().split(4):
        b = batch.shape[0]
        mb = batch.mean(0)
        sb = (batch - mb).T @ (batch - mb)
        if mean is None:
            n, mean, m2 = b, mb, sb
            continue
        delta = mb - mean
        tot = n + b
        m2 = m2 + sb + torch.outer(delta, delta) * (n * b / tot)
        mean = mean + delta * (b / tot)
        n = tot
    return mean, m2 / (n - 1)
