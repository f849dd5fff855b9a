# title: DDPM loop with the default t_prev = t - 1
# title_ja: DDPM ループで t_prev を既定の t - 1 のままにした
# diagnosis: Your ddpm_sample looks like it calls ddpm_step without t_prev, so every step assumes t - 1; with skipped timesteps pass the next timestep of the list (-1 after the last).
# diagnosis_ja: ddpm_sample が t_prev を渡さずに ddpm_step を呼んでいるようで、毎回 t - 1 を仮定しています。時刻を飛ばすときはリストの次の時刻（最後は -1）を渡します。
# copy: ddpm_sample, ddim_sample
#@@
#=        eps = eps_model(x, t_batch)
#-        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i], t_prev=t_prev)
#+        x = ddpm_step(eps, t, x, alphas_cumprod, noise=noise[i])
#=    return x
