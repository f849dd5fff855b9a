# title: plain Python floats in a loop
# title_ja: Python の float でループ
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def posterior_coefficients(alphas_cumprod, t, t_prev):
    c0, ct, var = [], [], []
    for ti, si in zip(t.tolist(), t_prev.tolist()):
        a_t = float(alphas_cumprod[ti])
        a_s = float(alphas_cumprod[si]) if si >= 0 else 1.0
        beta = 1 - a_t / a_s
        c0.append(math.sqrt(a_s) * beta / (1 - a_t))
        ct.append(math.sqrt(1 - beta) * (1 - a_s) / (1 - a_t))
        var.append((1 - a_s) / (1 - a_t) * beta)
    f = lambda v: torch.tensor(v, dtype=torch.float64)
    return f(c0), f(ct), f(var)
