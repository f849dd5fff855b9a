# title: abar_t and 1 - abar_t used without square roots
# title_ja: abar_t と 1 - abar_t を平方根なしで使った
# diagnosis: Your start latent scales x0 by abar_t and the noise by 1 - abar_t; q(x_t | x_0) uses the square roots: sqrt(abar_t) * x0 + sqrt(1 - abar_t) * noise.
# diagnosis_ja: 開始潜在変数が x0 に abar_t、ノイズに 1 - abar_t を掛けています。q(x_t | x_0) は平方根を使います: sqrt(abar_t) * x0 + sqrt(1 - abar_t) * noise。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=    abar = abar.reshape(-1, *([1] * (x0.dim() - 1)))  # (B, 1, ..., 1)
#-    return abar.sqrt() * x0 + (1 - abar).sqrt() * noise
#+    return abar * x0 + (1 - abar) * noise
#=
