# title: last step indexed with -1
# title_ja: 最後のステップで -1 を添字に使った
# diagnosis: At the last timestep your abar_prev looks like alphas_cumprod[-1] (Python's last element); after the last timestep abar_prev = final_alpha_cumprod.
# diagnosis_ja: 最後の時刻で abar_prev が alphas_cumprod[-1]（Python の最後の要素）になっているようです。最後の時刻の後は abar_prev = final_alpha_cumprod です。
# copy: ddim_step
#@@
#=    a_t = ac[t]
#-    a_prev = ac[t_prev] if t_prev >= 0 else torch.tensor(float(final_alpha_cumprod), dtype=torch.float64)
#+    a_prev = ac[t_prev]
#=    x = x_t.to(torch.float64)
