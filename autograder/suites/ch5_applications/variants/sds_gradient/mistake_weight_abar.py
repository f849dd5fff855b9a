# title: w(t) = abar_t instead of 1 - abar_t
# title_ja: w(t) を 1 - abar_t ではなく abar_t にした
# diagnosis: Your weighting looks like alphas_cumprod[t]; DreamFusion's w(t) = sigma_t^2 = 1 - alphas_cumprod[t].
# diagnosis_ja: 重みが alphas_cumprod[t] になっているようです。DreamFusion の w(t) = σ_t² = 1 - alphas_cumprod[t] です。
# copy: sds_gradient
#@@
#=        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
#-    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
#+    w = alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
#=    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
