# title: torch.distributions.Normal
# title_ja: torch.distributions.Normal を使う
def gaussian_log_prob(x, mean, var):
    return torch.distributions.Normal(mean, var.sqrt()).log_prob(x)


def diag_gaussian_log_prob(x, mean, var):
    return torch.distributions.Independent(torch.distributions.Normal(mean, var.sqrt()), 1).log_prob(x)
