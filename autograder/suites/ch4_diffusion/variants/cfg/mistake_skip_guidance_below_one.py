# title: guidance skipped for w <= 1 (returns the conditional half)
# title_ja: w <= 1 でガイダンスを省き、条件付きの半分を返した
# diagnosis: For guidance_scale <= 1 your function returns the conditional prediction; w = 0 must give the unconditional one (eps = uncond + w (cond - uncond) for every w). Pipelines skip the unconditional pass for w <= 1 only to save compute, before the batch is built.
# diagnosis_ja: guidance_scale <= 1 で条件付きの予測を返しています。w = 0 では無条件の予測になります（どの w でも eps = uncond + w (cond - uncond)）。パイプラインが w <= 1 で無条件の推論を省くのは計算を減らすためで、バッチを作る前の話です。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    if guidance_scale <= 1.0:      # "no guidance": as in StableDiffusionPipeline.do_classifier_free_guidance
        return cond
    guided = uncond + guidance_scale * (cond - uncond)
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided
