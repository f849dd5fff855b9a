# title: the same noise at every DDPM step
# title_ja: DDPM の全ステップで同じノイズを使った
# diagnosis: Your ddpm_sample looks like it reuses noise[0] at every step; step i uses noise[i].
# diagnosis_ja: ddpm_sample が毎ステップ noise[0] を使っているようです。ステップ i では noise[i] を使います。
# copy: ddpm_sample, ddim_sample
#@@
#=        eps = eps_model(x, t_batch)
#-        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=t_prev)
#+        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[0], t_prev=t_prev)
#=    return x
