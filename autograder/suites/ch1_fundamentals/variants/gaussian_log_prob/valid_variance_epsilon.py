# title: a stabilising epsilon inside the variance (var + 1e-5)
# title_ja: 分散の中に安定化の epsilon（var + 1e-5）
# diagnosis: a correct alternative implementation (for variances of order 1 the epsilon is below float32 precision)
# diagnosis_ja: 正しい別解です（分散が 1 程度なら epsilon は float32 の精度以下）
def gaussian_log_prob(x, mean, var):
    var = var + 1e-5
    return -0.5 * (torch.log(2 * math.pi * var) + (x - mean) ** 2 / var)


def diag_gaussian_log_prob(x, mean, var):
    var = var + 1e-5
    return -0.5 * (x.shape[-1] * math.log(2 * math.pi) + torch.log(var).sum(-1) + ((x - mean) ** 2 / var).sum(-1))
