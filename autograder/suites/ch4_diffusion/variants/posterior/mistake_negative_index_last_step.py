# title: t_prev = -1 indexed into alphas_cumprod
# title_ja: t_prev = -1 で alphas_cumprod を添字参照した
# diagnosis: At the last step (t_prev = -1) your abar_prev looks like alphas_cumprod[-1] (Python's last element); it must be 1.
# diagnosis_ja: 最後のステップ（t_prev = -1）で abar_prev が alphas_cumprod[-1]（Python の最後の要素）になっているようです。1 にします。
# copy: posterior_coefficients
#@@
#=    a_t = ac[t]
#-    a_prev = torch.where(t_prev >= 0, ac[t_prev.clamp_min(0)], torch.ones_like(a_t))
#+    a_prev = ac[t_prev]
#=    alpha_eff = a_t / a_prev                    # (1) alpha_t of the skipped step
