# title: weights applied with w @ f (fails for f of rank 3 or more)
# title_ja: 重みを w @ f で掛けた（3 次元以上の f で失敗）
# diagnosis: Your estimate applies the weights with w @ f_values, which works for (S,) and (S, D) but not for f of shape (S, 3, 2); f_values is (S, ...): sum over dim 0, e.g. torch.tensordot(w, f_values, dims=1).
# diagnosis_ja: w @ f_values で重みを掛けているため、(S,) と (S, D) では動きますが (S, 3, 2) の f では失敗します。f_values は (S, ...) なので 0 次元目で和を取ってください（例: torch.tensordot(w, f_values, dims=1)）。
def importance_estimate(f_values: torch.Tensor, log_p: torch.Tensor, log_q: torch.Tensor) -> torch.Tensor:
    _tensor("f_values", f_values), _tensor("log_p", log_p), _tensor("log_q", log_q)
    log_w = log_p - log_q                                           # (S,)
    w = torch.softmax(log_w, dim=0)                                 # normalised weights
    return w @ f_values
