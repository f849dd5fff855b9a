# title: numpy with scipy.special.softmax
# title_ja: numpy と scipy.special.softmax
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
import numpy as np
from scipy.special import softmax


def gmm_score(x, weights, means, stds):
    X, w, mu, s = (v.double().cpu().numpy() for v in (x, weights, means, stds))
    D = X.shape[1]
    d2 = ((X[:, None, :] - mu[None]) ** 2).sum(-1)
    logp = np.log(w)[None] - d2 / (2 * s[None] ** 2) - D * np.log(s)[None]
    r = softmax(logp, axis=1)
    out = np.einsum("nk,nkd->nd", r / s[None] ** 2, mu[None] - X[:, None, :])
    return torch.from_numpy(out).to(x.dtype)
