# title: torch.lerp with the rescale written out
# title_ja: torch.lerp と書き下したリスケール
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def classifier_free_guidance(model_output, guidance_scale, guidance_rescale=0.0):
    B = model_output.shape[0] // 2
    uncond, cond = model_output[:B], model_output[B:]
    out = torch.lerp(uncond, cond, guidance_scale)
    if guidance_rescale > 0:
        flat_c, flat_o = cond.reshape(B, -1), out.reshape(B, -1)
        ratio = (flat_c.std(dim=1) / flat_o.std(dim=1)).view(B, *([1] * (out.dim() - 1)))
        out = guidance_rescale * out * ratio + (1 - guidance_rescale) * out
    return out
