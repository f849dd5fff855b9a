# title: numpy.cov (as pytorch-fid), tensors at the boundary
# title_ja: numpy.cov（pytorch-fid と同じ）、入出力は torch
import numpy as np


def feature_statistics(features):
    x = features.detach().cpu().numpy().astype(np.float64)
    mu = np.mean(x, axis=0)
    sigma = np.atleast_2d(np.cov(x, rowvar=False))
    return torch.from_numpy(mu), torch.from_numpy(sigma)
