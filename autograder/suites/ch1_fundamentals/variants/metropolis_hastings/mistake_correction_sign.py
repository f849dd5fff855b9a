# title: Hastings correction with the wrong sign (x/x')
# title_ja: Hastings 補正の符号が逆（x/x'）
# diagnosis: Your correction looks like q(x'|x)/q(x|x') = x/x' (log x - log x'); the Hastings factor is q(x|x')/q(x'|x) = x'/x for x' = x exp(step z).
# diagnosis_ja: 補正が q(x'|x)/q(x|x') = x/x'（log x - log x'）になっているようです。x' = x exp(step z) に対する Hastings 因子は q(x|x')/q(x'|x) = x'/x です。
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    x = x0.clone()
    out = []
    for t in range(z.shape[0]):
        x_new = x * torch.exp(step * z[t])
        lr = torch.log(x_new) - torch.log(x)
        log_alpha = (shape - 2.0) * lr - rate * (x_new - x)
        x = torch.where(torch.log(u[t]) < log_alpha, x_new, x)
        out.append(x)
    return torch.stack(out)
