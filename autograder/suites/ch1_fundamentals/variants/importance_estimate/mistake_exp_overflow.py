# title: weights exponentiated without subtracting the maximum
# title_ja: 最大値を引かずに重みを exp した
# diagnosis: Your estimate is NaN when the log weights are large (exp overflows to inf, inf/inf = NaN): subtract the largest log weight before exp, or use torch.softmax.
# diagnosis_ja: 対数重みが大きいと推定値が NaN になっています（exp が inf にオーバーフローし inf/inf = NaN）。exp の前に最大の対数重みを引くか、torch.softmax を使ってください。
def importance_estimate(f_values, log_p, log_q):
    w = torch.exp(log_p - log_q)
    w = w / w.sum()
    w = w.reshape(w.shape + (1,) * (f_values.dim() - 1))
    return (w * f_values).sum(dim=0)
