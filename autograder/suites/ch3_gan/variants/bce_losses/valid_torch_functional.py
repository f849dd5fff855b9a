# title: torch.nn.functional with-logits losses
# title_ja: torch.nn.functional の with_logits 損失
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def bce_logits(logits, target):
    return F.binary_cross_entropy_with_logits(logits, torch.full_like(logits, float(target)))


def d_loss_minimax(real_logits, fake_logits):
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def g_loss_minimax(fake_logits):
    return -F.softplus(fake_logits).mean()
