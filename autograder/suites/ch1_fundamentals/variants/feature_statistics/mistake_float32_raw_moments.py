# title: Σ x xᵀ - N μ μᵀ accumulated in the input's float32
# title_ja: Σ x xᵀ - N μ μᵀ を入力の float32 のまま計算した
# diagnosis: Your covariance is computed as Σ x xᵀ - N μ μᵀ in float32: with a large mean the two terms cancel catastrophically (case C03: the variance becomes garbage). Convert to float64 first and centre the features before multiplying.
# diagnosis_ja: 共分散を float32 のまま Σ x xᵀ - N μ μᵀ で計算しています。平均が大きいと 2 つの項が桁落ちで打ち消し合います（ケース C03: 分散がでたらめな値になる）。先に float64 に変換し、掛ける前に中心化してください。
def feature_statistics(features):
    n = features.shape[0]
    mu = features.sum(dim=0) / n
    sigma = (features.T @ features - n * torch.outer(mu, mu)) / (n - 1)
    return mu.double(), sigma.double()
