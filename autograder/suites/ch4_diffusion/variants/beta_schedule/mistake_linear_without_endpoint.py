# title: linear schedule without its last point
# title_ja: linear スケジュールで終点を含めていない
# diagnosis: Your linear betas look like arange-style steps that never reach beta_end; torch.linspace includes both endpoints.
# diagnosis_ja: linear の beta が終点 beta_end に届かない arange 風の刻みになっているようです。torch.linspace は両端を含みます。
# copy: beta_schedule, alphas_cumprod_from_betas
#@@
#=    if kind == "linear":
#-        return torch.linspace(beta_start, beta_end, num_train_timesteps, dtype=torch.float64)
#+        return beta_start + (beta_end - beta_start) * torch.arange(num_train_timesteps, dtype=torch.float64) / num_train_timesteps
#=    if kind == "scaled_linear":
