# title: plain numpy loop
# title_ja: numpy のループ
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import numpy as np


def mode_coverage(samples, centers, std, n_std=3.0):
    s = samples.detach().cpu().double().numpy()
    c = centers.detach().cpu().double().numpy()
    hit = set()
    good = 0
    for p in s:
        d = np.sqrt(((c - p) ** 2).sum(axis=1))
        k = int(np.argmin(d))
        if d[k] <= n_std * std:
            good += 1
            hit.add(k)
    return len(hit), good / len(s)
