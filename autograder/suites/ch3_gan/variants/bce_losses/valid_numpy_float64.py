# title: numpy logaddexp in float64, torch at the boundary
# title_ja: numpy の logaddexp（float64）、入出力は torch
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import sys

import numpy as np


def bce_logits(logits, target):
    l = logits.detach().cpu().numpy().astype(np.float64)
    value = np.mean(np.logaddexp(0.0, l) - float(target) * l)
    print("bce_logits: computed in numpy float64", file=sys.stderr)
    return torch.tensor(value, dtype=logits.dtype, device=logits.device)


def d_loss_minimax(real_logits, fake_logits):
    return bce_logits(real_logits, 1) + bce_logits(fake_logits, 0)


def g_loss_minimax(fake_logits):
    return -bce_logits(fake_logits, 0)
