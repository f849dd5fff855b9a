# title: torch.clamp
# title_ja: torch.clamp でクランプ
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def d_loss_hinge(real_logits, fake_logits):
    return torch.clamp(1 - real_logits, min=0).mean() + torch.clamp(1 + fake_logits, min=0).mean()


def g_loss_hinge(fake_logits):
    return -torch.mean(fake_logits)
