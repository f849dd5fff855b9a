# title: extrapolated from cond instead of uncond
# title_ja: uncond ではなく cond から外挿した
# diagnosis: Your guidance looks like cond + w (cond - uncond); it starts from the unconditional prediction: uncond + w (cond - uncond).
# diagnosis_ja: ガイダンスが cond + w (cond - uncond) になっているようです。無条件予測から始めます: uncond + w (cond - uncond)。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    guided = cond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
        # (3) [ZSNR] eq. 16: mix
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided
