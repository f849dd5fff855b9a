# title: torch.var_mean with unbiased=False
# title_ja: torch.var_mean（unbiased=False）
def gaussian_mle(x):
    var, mean = torch.var_mean(x, dim=0, unbiased=False)
    return mean, var
