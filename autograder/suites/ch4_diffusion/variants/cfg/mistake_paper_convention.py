# title: paper convention (1 + w) cond - w uncond
# title_ja: 論文の約束 (1 + w) cond - w uncond を使った
# diagnosis: Your guidance looks like (1 + w) cond - w uncond (the paper's w); this exercise uses diffusers' scale: uncond + w (cond - uncond), so w = 1 gives cond.
# diagnosis_ja: ガイダンスが (1 + w) cond - w uncond（論文の w）になっているようです。この課題は diffusers のスケール uncond + w (cond - uncond) を使うので、w = 1 で cond です。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    guided = (1 + guidance_scale) * cond - guidance_scale * uncond              # (1) [CFG] eq. 6
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
        rescaled = guided * (cond.std(dim=dims, keepdim=True) / guided.std(dim=dims, keepdim=True))
        # (3) [ZSNR] eq. 16: mix
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided
