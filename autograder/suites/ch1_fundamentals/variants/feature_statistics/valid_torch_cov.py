# title: torch.cov in float64
# title_ja: float64 の torch.cov
def feature_statistics(features):
    x = features.to(torch.float64)
    return x.mean(dim=0), torch.atleast_2d(torch.cov(x.T))
