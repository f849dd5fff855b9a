# title: manual max trick with a loop over components
# title_ja: 成分ごとのループと手書きの max トリック
def gmm_log_likelihood(x, weights, means, variances):
    cols = []
    for k in range(weights.shape[0]):
        lp = -0.5 * (math.log(2 * math.pi) + torch.log(variances[k]) + (x - means[k]) ** 2 / variances[k]).sum(-1)
        cols.append(torch.log(weights[k]) + lp)
    a = torch.stack(cols, dim=1)
    m = a.max(dim=1, keepdim=True).values
    return (m + torch.log(torch.exp(a - m).sum(dim=1, keepdim=True))).squeeze(1)
