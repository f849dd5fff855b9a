# title: affine combination (1 - w) uncond + w cond in float64
# title_ja: float64 でのアフィン結合 (1 - w) uncond + w cond
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def classifier_free_guidance(model_output, guidance_scale, guidance_rescale=0.0):
    x = model_output.double()
    uncond, cond = torch.split(x, x.shape[0] // 2, dim=0)
    guided = (1 - guidance_scale) * uncond + guidance_scale * cond
    if guidance_rescale:
        dims = tuple(range(1, x.dim()))
        std_c = torch.sqrt(((cond - cond.mean(dims, keepdim=True)) ** 2).sum(dims, keepdim=True) / (cond[0].numel() - 1))
        std_g = torch.sqrt(((guided - guided.mean(dims, keepdim=True)) ** 2).sum(dims, keepdim=True) / (cond[0].numel() - 1))
        guided = guidance_rescale * guided * std_c / std_g + (1 - guidance_rescale) * guided
    return guided.to(model_output.dtype)
