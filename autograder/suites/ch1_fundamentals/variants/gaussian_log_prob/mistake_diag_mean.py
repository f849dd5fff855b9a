# title: diagonal log-density averaged instead of summed
# title_ja: 対角ガウスの対数密度を和ではなく平均した
# diagnosis: Your diagonal log-density looks like the MEAN over the dimensions; independent coordinates multiply densities, so the log-densities add up (sum over the last dimension).
# diagnosis_ja: 対角ガウスの対数密度が次元方向の「平均」になっているようです。独立な座標の密度は掛け算なので、対数密度は最後の次元について「和」をとります。
def gaussian_log_prob(x, mean, var):
    return -0.5 * (math.log(2 * math.pi) + torch.log(var) + (x - mean) ** 2 / var)


def diag_gaussian_log_prob(x, mean, var):
    return gaussian_log_prob(x, mean, var).mean(dim=-1)
