# title: entropies in numpy float64: exp(H(p(y)) - mean H(p(y|x)))
# title_ja: numpy float64 のエントロピー: exp(H(p(y)) - mean H(p(y|x)))
import numpy as np


def inception_score(probs, num_splits=10):
    p_all = probs.detach().double().numpy()
    size = -(-p_all.shape[0] // num_splits)           # torch.chunk: ceil(N / splits) rows per chunk
    scores = []
    for start in range(0, p_all.shape[0], size):
        p = p_all[start:start + size]
        py = p.mean(axis=0)
        h_marginal = -(py * np.log(py)).sum()
        h_cond = -(p * np.log(p)).sum(axis=1).mean()
        scores.append(np.exp(h_marginal - h_cond))
    scores = np.array(scores)
    return torch.tensor(scores.mean(), dtype=probs.dtype), torch.tensor(scores.std(ddof=1), dtype=probs.dtype)
