# title: -logsigmoid in float64, cast back
# title_ja: float64 で -logsigmoid、元の dtype に戻す
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import warnings


def g_loss_nonsaturating(fake_logits):
    warnings.warn("computing the loss in float64")
    return (-F.logsigmoid(fake_logits.double())).mean().to(fake_logits.dtype)
