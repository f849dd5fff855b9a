# title: Metropolis ratio without the Hastings correction
# title_ja: Hastings 補正のない Metropolis 比を使った
# diagnosis: Your acceptance ratio is π(x')/π(x) only; the log-normal proposal is asymmetric, so multiply by q(x|x')/q(x'|x) = x'/x (add log x' - log x to log α). Without it the chain samples π(x)/x (the long chain's mean is too small).
# diagnosis_ja: 採択率が π(x')/π(x) だけになっています。対数正規の提案分布は非対称なので q(x|x')/q(x'|x) = x'/x を掛けてください（log α に log x' - log x を足す）。補正がないと鎖は π(x)/x に従います（長い鎖の平均が小さすぎます）。
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    x = x0.clone()
    out = []
    for t in range(z.shape[0]):
        x_new = x * torch.exp(step * z[t])
        log_alpha = (shape - 1.0) * (torch.log(x_new) - torch.log(x)) - rate * (x_new - x)
        x = torch.where(torch.log(u[t]) < log_alpha, x_new, x)
        out.append(x)
    return torch.stack(out)
