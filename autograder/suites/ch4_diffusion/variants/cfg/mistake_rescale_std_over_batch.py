# title: rescale std over the whole batch
# title_ja: リスケールの std をバッチ全体でとった
# diagnosis: Your guidance_rescale looks like it uses one std over the whole batch; the std is taken per sample over all non-batch dims.
# diagnosis_ja: guidance_rescale でバッチ全体の std を 1 つだけ使っているようです。std はサンプルごとに、バッチ以外の全次元でとります。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
    if guidance_rescale > 0:
        dims = list(range(1, cond.dim()))
        # (2) [ZSNR] eq. 15: match the std of the conditional prediction
        rescaled = guided * (cond.std() / guided.std())
        # (3) [ZSNR] eq. 16: mix
        guided = guidance_rescale * rescaled + (1 - guidance_rescale) * guided
    return guided
