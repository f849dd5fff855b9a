# title: noise added at t = 0
# title_ja: t = 0 でもノイズを加えた
# diagnosis: Your last step (t = 0) looks like it adds noise; DDPM's Algorithm 2 uses z = 0 at the last step.
# diagnosis_ja: 最後のステップ（t = 0）でノイズを加えているようです。DDPM の Algorithm 2 では最後は z = 0 です。
# copy: ddpm_step
#@@
#=    t_prev = t - 1 if t_prev is None else int(t_prev)
#-    if t > 0 and noise is None:
#+    if noise is None:
#=        raise ValueError("noise is required when t > 0 (pass a standard-normal tensor like x_t)")
#@@
#=    mean = (a_prev.sqrt() * beta_eff / (1 - a_t)) * x0 + ((1 - beta_eff).sqrt() * (1 - a_prev) / (1 - a_t)) * x
#-    if t == 0:
#-        return mean.to(x_t.dtype)
#=    # (4) variance: beta-tilde (fixed_small, [DDPM] eq. 7) or beta_eff (fixed_large), then add sigma * z
