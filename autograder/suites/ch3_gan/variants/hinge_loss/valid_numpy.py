# title: numpy inside, torch at the boundary
# title_ja: numpy で計算、入出力は torch
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import numpy as np


def d_loss_hinge(real_logits, fake_logits):
    r = real_logits.detach().cpu().double().numpy()
    f = fake_logits.detach().cpu().double().numpy()
    value = np.maximum(0.0, 1.0 - r).mean() + np.maximum(0.0, 1.0 + f).mean()
    return torch.as_tensor(value).to(real_logits.dtype)


def g_loss_hinge(fake_logits):
    return torch.as_tensor(-fake_logits.detach().cpu().double().numpy().mean()).to(fake_logits.dtype)
