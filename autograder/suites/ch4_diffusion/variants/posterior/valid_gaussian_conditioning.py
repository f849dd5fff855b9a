# title: derived by conditioning the joint Gaussian of (x_prev, x_t)
# title_ja: (x_prev, x_t) の同時ガウス分布を条件付けて導出
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def posterior_coefficients(alphas_cumprod, t, t_prev):
    ac = alphas_cumprod.double()
    a_t = ac[t]
    a_s = torch.where(t_prev >= 0, ac[t_prev.clamp(min=0)], torch.ones_like(a_t))
    cov_ts = (a_t / a_s).sqrt() * (1 - a_s)    # Cov(x_t, x_s | x_0)
    k = cov_ts / (1 - a_t)                     # regression coefficient of x_s on x_t
    return a_s.sqrt() - k * a_t.sqrt(), k, (1 - a_s) - k * cov_ts
