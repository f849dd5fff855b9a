# title: F.logsigmoid on both terms
# title_ja: 両方の項に F.logsigmoid
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def bce_logits(logits, target):
    t = float(target)
    return -(t * F.logsigmoid(logits) + (1 - t) * F.logsigmoid(-logits)).mean()


def d_loss_minimax(real_logits, fake_logits):
    return -F.logsigmoid(real_logits).mean() - F.logsigmoid(-fake_logits).mean()


def g_loss_minimax(fake_logits):
    return F.logsigmoid(-fake_logits).mean()
