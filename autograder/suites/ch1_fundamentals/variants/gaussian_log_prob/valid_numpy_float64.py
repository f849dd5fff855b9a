# title: numpy in float64 inside, torch at the boundary, a warning on stderr
# title_ja: 内部は numpy の float64、入出力は torch、stderr に警告
import sys
import numpy as np


def gaussian_log_prob(x, mean, var):
    print("computing in numpy float64", file=sys.stderr)
    dtype = torch.promote_types(torch.promote_types(x.dtype, mean.dtype), var.dtype)
    xn, mn, vn = (t.detach().double().numpy() for t in (x, mean, var))
    out = -0.5 * np.log(2 * np.pi * vn) - 0.5 * (xn - mn) ** 2 / vn
    return torch.from_numpy(np.asarray(out)).to(dtype)


def diag_gaussian_log_prob(x, mean, var):
    x, mean, var = torch.broadcast_tensors(x, mean, var)
    d = x.shape[-1]
    quad = ((x - mean) ** 2 / var).sum(-1)
    return -0.5 * (d * math.log(2 * math.pi) + torch.log(var).sum(-1) + quad)
