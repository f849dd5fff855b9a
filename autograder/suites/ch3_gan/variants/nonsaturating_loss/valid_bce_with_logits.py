# title: F.binary_cross_entropy_with_logits with target 1
# title_ja: ターゲット 1 の F.binary_cross_entropy_with_logits
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def g_loss_nonsaturating(fake_logits):
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
