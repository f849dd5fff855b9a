# title: acceptance on the probability scale with min(1, ratio), loop over chains
# title_ja: 確率スケールで min(1, 比) を使い、鎖ごとにループ
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    T, C = z.shape
    out = torch.empty(T, C, dtype=x0.dtype)
    for c in range(C):
        x = float(x0[c])
        for t in range(T):
            x_new = x * math.exp(step * float(z[t, c]))
            ratio = (x_new / x) ** (shape - 1) * math.exp(-rate * (x_new - x)) * (x_new / x)
            if float(u[t, c]) < min(1.0, ratio):
                x = x_new
            out[t, c] = x
    return out
