# title: plain (not self-normalised) importance sampling
# title_ja: 自己正規化しない（素朴な）重点サンプリング
# diagnosis: Your estimate looks like mean_s exp(log p̃ - log q) f: that is the plain estimator, which needs a NORMALISED p; with an unnormalised p̃ divide by the sum of the weights (softmax over the samples).
# diagnosis_ja: 推定値が mean_s exp(log p̃ - log q) f になっているようです。これは正規化された p を前提とする素朴な推定量です。p̃ が正規化されていないときは重みの和で割ってください（サンプル方向の softmax）。
def importance_estimate(f_values, log_p, log_q):
    w = torch.exp(log_p - log_q)
    w = w.reshape(w.shape + (1,) * (f_values.dim() - 1))
    return (w * f_values).mean(dim=0)
