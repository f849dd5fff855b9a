# title: batch halves swapped
# title_ja: バッチの前半と後半を取り違えた
# diagnosis: Your guidance looks like it takes the conditional half first; the batch is torch.cat([uncond, cond]) (unconditional first).
# diagnosis_ja: 条件付きの半分を先頭として扱っているようです。バッチは torch.cat([uncond, cond])（無条件が先）です。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    cond, uncond = model_output.chunk(2, dim=0)
    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
        # (3) [ZSNR] eq. 16: mix
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided
