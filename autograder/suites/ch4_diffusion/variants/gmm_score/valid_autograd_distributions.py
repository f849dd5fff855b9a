# title: autograd of torch.distributions.MixtureSameFamily
# title_ja: torch.distributions.MixtureSameFamily の自動微分
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def gmm_score(x, weights, means, stds):
    D = means.shape[1]
    comp = torch.distributions.Independent(
        torch.distributions.Normal(means.double(), stds.double()[:, None].expand(-1, D)), 1)
    mix = torch.distributions.MixtureSameFamily(torch.distributions.Categorical(weights.double()), comp)
    with torch.enable_grad():
        xx = x.detach().double().requires_grad_(True)
        g, = torch.autograd.grad(mix.log_prob(xx).sum(), xx)
    return g.to(x.dtype)
