# title: accept when u > α
# title_ja: u > α のときに採択した
# diagnosis: Your chain accepts when u is LARGER than the acceptance probability; accept with probability α, i.e. when u < α (log u < log α).
# diagnosis_ja: u が採択確率より「大きい」ときに採択しています。確率 α で採択する、つまり u < α（log u < log α）のときに採択してください。
def metropolis_hastings_gamma(x0, shape, rate, step, z, u):
    x = x0.clone()
    out = []
    for t in range(z.shape[0]):
        x_new = x * torch.exp(step * z[t])
        lr = torch.log(x_new) - torch.log(x)
        log_alpha = shape * lr - rate * (x_new - x)
        x = torch.where(torch.log(u[t]) > log_alpha, x_new, x)
        out.append(x)
    return torch.stack(out)
