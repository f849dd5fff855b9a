# title: w(t) = sqrt(1 - abar_t) instead of 1 - abar_t
# title_ja: w(t) を 1 - abar_t ではなく sqrt(1 - abar_t) にした
# diagnosis: Your weighting looks like sigma_t = sqrt(1 - abar_t); DreamFusion uses w(t) = sigma_t^2 = 1 - abar_t (no square root).
# diagnosis_ja: 重みが σ_t = sqrt(1 - abar_t) になっているようです。DreamFusion は w(t) = σ_t² = 1 - abar_t（平方根なし）を使います。
# copy: sds_gradient
#@@
#=        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
#-    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
#+    w = (1.0 - alphas_cumprod.to(eps.dtype)[t.long()]).sqrt()  # (B,)
#=    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
