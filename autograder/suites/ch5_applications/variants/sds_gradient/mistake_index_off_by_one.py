# title: alphas_cumprod[t - 1] used for timestep t
# title_ja: タイムステップ t に alphas_cumprod[t - 1] を使った
# diagnosis: Your weighting uses the previous timestep's noise level: w(t) = 1 - alphas_cumprod[t] (0-based index t).
# diagnosis_ja: 重みが 1 つ前のタイムステップのノイズレベルを使っています。w(t) = 1 - alphas_cumprod[t]（0 始まりの t 番目）です。
# copy: sds_gradient
#@@
#=        raise ValueError(f"timesteps must be in [0, {alphas_cumprod.shape[0]}), got {t.tolist()}")
#-    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long()]  # (B,)
#+    w = 1.0 - alphas_cumprod.to(eps.dtype)[t.long() - 1]  # (B,)
#=    w = w.reshape(-1, *([1] * (eps.dim() - 1)))
