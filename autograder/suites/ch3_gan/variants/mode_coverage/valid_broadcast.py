# title: broadcast distances and bincount
# title_ja: ブロードキャストによる距離と bincount
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def mode_coverage(samples, centers, std, n_std=3.0):
    d2 = ((samples.double()[:, None, :] - centers.double()[None, :, :]) ** 2).sum(-1)
    nearest = d2.argmin(dim=1)
    dist = d2.gather(1, nearest[:, None]).squeeze(1).sqrt()
    good = dist <= n_std * std
    counts = torch.bincount(nearest[good], minlength=centers.shape[0])
    return int((counts > 0).sum()), good.double().mean().item()
