# title: weights q / p instead of p / q
# title_ja: 重みを p / q ではなく q / p にした
# diagnosis: Your weights look like q(x)/p̃(x); the importance weight of a sample drawn from q is p̃(x)/q(x): log w = log_p - log_q.
# diagnosis_ja: 重みが q(x)/p̃(x) になっているようです。q から引いたサンプルの重要度重みは p̃(x)/q(x)、つまり log w = log_p - log_q です。
def importance_estimate(f_values, log_p, log_q):
    w = torch.softmax(log_q - log_p, dim=0)
    w = w.reshape(w.shape + (1,) * (f_values.dim() - 1))
    return (w * f_values).sum(dim=0)
