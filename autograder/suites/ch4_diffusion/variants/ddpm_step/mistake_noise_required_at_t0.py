# title: noise required at t = 0 as well
# title_ja: t = 0 でも noise を必須にした
# diagnosis: Your step raises when noise is None at t = 0; the last step adds no noise, so noise may be None there (it is required only when t > 0).
# diagnosis_ja: t = 0 で noise が None のときに例外を送出しています。最後のステップはノイズを加えないので、noise は None でも構いません（必要なのは t > 0 のときだけです）。
# copy: ddpm_step
#@@
#=    t_prev = t - 1 if t_prev is None else int(t_prev)
#-    if t > 0 and noise is None:
#-        raise ValueError("noise is required when t > 0 (pass a standard-normal tensor like x_t)")
#+    if noise is None:
#+        raise ValueError("noise is required")
#=    x = x_t.to(torch.float64)
