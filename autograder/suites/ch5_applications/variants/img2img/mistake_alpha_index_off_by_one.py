# title: alphas_cumprod[t - 1] used for timestep t
# title_ja: タイムステップ t に alphas_cumprod[t - 1] を使った
# diagnosis: Your start latent uses the noise level of the previous timestep: abar_t is alphas_cumprod[t] (0-based), not alphas_cumprod[t - 1].
# diagnosis_ja: 開始潜在変数が 1 つ前のタイムステップのノイズレベルを使っています。abar_t は alphas_cumprod[t]（0 始まり）で、alphas_cumprod[t - 1] ではありません。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {timestep.tolist()}")
#-    abar = alphas_cumprod.to(x0.dtype)[timestep.long()]  # (B,)
#+    abar = alphas_cumprod.to(x0.dtype)[(timestep.long() - 1).clamp_min(0)]  # (B,)
#=    abar = abar.reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
