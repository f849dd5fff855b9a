# title: linear schedule written as start + (end - start) t / (T - 1)
# title_ja: linear スケジュールを start + (end - start) t / (T - 1) と書いた
# diagnosis: Your linear schedule divides by T - 1, which is 0 for T = 1 (NaN); torch.linspace(beta_start, beta_end, T) gives [beta_start] there.
# diagnosis_ja: linear スケジュールで T - 1 で割っているため、T = 1 では 0 で割ります（NaN）。torch.linspace(beta_start, beta_end, T) なら [beta_start] になります。
# copy: beta_schedule, alphas_cumprod_from_betas
#@@
#=    if kind == "linear":
#-        return torch.linspace(beta_start, beta_end, num_train_timesteps, dtype=torch.float64)
#+        t = torch.arange(num_train_timesteps, dtype=torch.float64)
#+        return beta_start + (beta_end - beta_start) * t / (num_train_timesteps - 1)
#=    if kind == "scaled_linear":
