# title: beta of a single step used when steps are skipped
# title_ja: ステップを飛ばすときも 1 ステップ分の β を使った
# diagnosis: Your coefficients look like they use beta = 1 - abar[t] / abar[t - 1] even when t_prev < t - 1; with skipped steps the effective beta is 1 - abar[t] / abar[t_prev].
# diagnosis_ja: t_prev < t - 1 のときも β = 1 - abar[t] / abar[t - 1] を使っているようです。飛ばすときの実効的な β は 1 - abar[t] / abar[t_prev] です。
# copy: posterior_coefficients
#@@
#=    a_prev = torch.where(t_prev >= 0, ac[t_prev.clamp_min(0)], torch.ones_like(a_t))
#-    alpha_eff = a_t / a_prev                    # (1) alpha_t of the skipped step
#+    alpha_eff = a_t / torch.where(t >= 1, ac[(t - 1).clamp_min(0)], torch.ones_like(a_t))
#=    beta_eff = 1 - alpha_eff                    # (2) effective beta
