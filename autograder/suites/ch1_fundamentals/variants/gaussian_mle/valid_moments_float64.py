# title: second moment minus squared mean in float64
# title_ja: float64 で二次モーメントから平均の二乗を引く
def gaussian_mle(x):
    xd = x.double()
    n = x.shape[0]
    mean = xd.sum(0) / n
    var = (xd * xd).sum(0) / n - mean ** 2
    return mean.to(x.dtype), var.to(x.dtype)
