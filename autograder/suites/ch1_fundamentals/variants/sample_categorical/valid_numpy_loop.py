# title: numpy cumsum and a Python loop
# title_ja: numpy の累積和と Python のループ
import numpy as np


def sample_categorical(weights, u):
    w = weights.detach().double().numpy()
    cdf = np.cumsum(w) / w.sum()
    out = []
    for ui in u.detach().double().numpy().reshape(-1):
        k = 0
        while k < len(cdf) - 1 and not ui < cdf[k]:
            k += 1
        out.append(k)
    return torch.tensor(out, dtype=torch.int64).reshape(u.shape)
