# title: rescale std over dims (1, 2, 3) only (image latents)
# title_ja: リスケールの std を次元 (1, 2, 3) だけで計算した（画像の潜在のみ）
# diagnosis: Your rescale takes the std over dims (1, 2, 3) only, as for (B, C, H, W) images; the spec says all non-batch dims: list(range(1, x.dim())), so that (B, D) and (B, C, F, H, W) inputs work too.
# diagnosis_ja: リスケールの std を (B, C, H, W) の画像のように次元 (1, 2, 3) だけで計算しています。仕様はバッチ以外の全次元 list(range(1, x.dim())) で、(B, D) や (B, C, F, H, W) の入力にも使えます。
def classifier_free_guidance(model_output: torch.Tensor, guidance_scale: float,
                             guidance_rescale: float = 0.0) -> torch.Tensor:
    if model_output.shape[0] % 2:
        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
    uncond, cond = model_output.chunk(2, dim=0)
    guided = uncond + guidance_scale * (cond - uncond)
    if guidance_rescale > 0:
        std_cond = cond.std(dim=[1, 2, 3], keepdim=True)
        std_guided = guided.std(dim=[1, 2, 3], keepdim=True)
        guided = guidance_rescale * guided * (std_cond / std_guided) + (1 - guidance_rescale) * guided
    return guided
