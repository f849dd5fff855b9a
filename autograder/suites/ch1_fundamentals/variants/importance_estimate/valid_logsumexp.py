# title: explicit logsumexp normalisation with tensordot
# title_ja: logsumexp による明示的な正規化と tensordot
def importance_estimate(f_values, log_p, log_q):
    log_w = log_p - log_q
    w = torch.exp(log_w - torch.logsumexp(log_w, dim=0))
    return torch.tensordot(w, f_values, dims=([0], [0]))
