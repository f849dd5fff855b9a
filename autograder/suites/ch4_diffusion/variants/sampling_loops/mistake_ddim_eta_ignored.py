# title: eta not passed to ddim_step
# title_ja: eta を ddim_step に渡していない
# diagnosis: Your ddim_sample looks deterministic even with eta > 0; pass eta and noise[i] to ddim_step.
# diagnosis_ja: eta > 0 でも ddim_sample が決定的になっているようです。eta と noise[i] を ddim_step に渡してください。
# copy: ddpm_sample, ddim_sample
#@@
#=        eps = eps_model(x, t_batch)
#-        x = ddim_step(eps, t, x, timesteps, alphas_cumprod, eta=eta,
#-                      noise=None if noise is None else noise[i])
#+        x = ddim_step(eps, t, x, timesteps, alphas_cumprod)
#=    return x
