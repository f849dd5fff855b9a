# title: covariance divided by N instead of N - 1
# title_ja: 共分散を N - 1 ではなく N で割った
# diagnosis: Your covariance divides by N; FID statistics use the unbiased covariance (numpy.cov, torch.cov default), dividing by N - 1.
# diagnosis_ja: 共分散が N で割られています。FID の統計量は不偏共分散（numpy.cov や torch.cov の既定）で、N - 1 で割ります。
def feature_statistics(features):
    x = features.double()
    mu = x.mean(0)
    xc = x - mu
    return mu, xc.T @ xc / x.shape[0]
