# title: sigma_t squared, one sample at a time
# title_ja: σ_t の 2 乗を 1 サンプルずつ
# diagnosis: valid: sigma_t = sqrt(1 - abar_t) squared, applied per sample under no_grad.
# diagnosis_ja: 正解: σ_t = sqrt(1 - abar_t) の 2 乗を no_grad の下でサンプルごとに掛ける
def sds_gradient(eps_hat, eps, alphas_cumprod, t):
    with torch.no_grad():
        out = []
        for i in range(eps.shape[0]):
            sigma_t = torch.sqrt(1 - alphas_cumprod[int(t[i])])
            out.append(sigma_t ** 2 * (eps_hat[i] - eps[i]))
        return torch.stack(out).to(eps.dtype)
