# title: scaled_linear schedule not squared
# title_ja: scaled_linear を 2 乗していない
# diagnosis: Your scaled_linear betas look like linspace(sqrt(beta_start), sqrt(beta_end), T) without the final ** 2.
# diagnosis_ja: scaled_linear の beta が linspace(sqrt(beta_start), sqrt(beta_end), T) のままで、最後の ** 2 がないようです。
# copy: beta_schedule, alphas_cumprod_from_betas
#@@
#=        return torch.linspace(beta_start ** 0.5, beta_end ** 0.5, num_train_timesteps,
#-                              dtype=torch.float64) ** 2
#+                              dtype=torch.float64)
#=    if kind == "squaredcos_cap_v2":
