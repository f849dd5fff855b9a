# title: per-coordinate (box) distance
# title_ja: 座標ごと（箱型）の距離
# diagnosis: Your high-quality test compares each coordinate separately (a square); use the Euclidean distance to the nearest center.
# diagnosis_ja: 高品質の判定が座標ごと（正方形）になっています。最も近い中心までのユークリッド距離を使ってください。
def mode_coverage(samples: torch.Tensor, centers: torch.Tensor, std: float, n_std: float = 3.0):
    """Mode coverage of 2-D samples on a mixture of isotropic Gaussians [VEEGAN] Sec. 5.1.

    A sample is *high quality* when its Euclidean distance to the nearest center is at
    most ``n_std * std``. A mode is *hit* when it is the nearest center of at least one
    high-quality sample.

    Args:
        samples: float tensor (N, 2), N >= 1.
        centers: float tensor (K, 2).
        std: standard deviation of each mode (float > 0).
        n_std: threshold in standard deviations (default 3).

    Returns:
        (modes_hit, hq_fraction): an int in [0, K] and a float in [0, 1]
        (high-quality samples / N).
    """
    if not (isinstance(samples, torch.Tensor) and samples.is_floating_point()):
        raise TypeError(f"samples must be a floating-point tensor (float32 or float64), got {samples!r:.80}")
    if samples.dim() != 2 or centers.dim() != 2 or samples.shape[1] != centers.shape[1]:
        raise ValueError(f"samples (N, d) and centers (K, d) needed, got {tuple(samples.shape)} and {tuple(centers.shape)}")
    if samples.shape[0] < 1:
        raise ValueError("samples must contain at least one point")
    if not float(std) > 0:
        raise ValueError(f"std must be > 0, got {std}")
    d = torch.cdist(samples.to(torch.float64), centers.to(torch.float64))   # (N, K)
    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
    diff = samples.to(torch.float64) - centers.to(torch.float64)[nearest]
    hq = diff.abs().max(dim=1).values <= n_std * float(std)                                          # (N,) bool
    modes_hit = int(torch.unique(nearest[hq]).numel())
    return modes_hit, float(hq.to(torch.float64).mean())
