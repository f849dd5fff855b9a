# title: sigma^2 not subtracted in the direction term
# title_ja: 方向の項で σ² を引いていない
# diagnosis: With eta > 0 your x_prev looks like sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps + sigma z; the direction term is sqrt(1 - abar_prev - sigma^2) eps.
# diagnosis_ja: eta > 0 で x_prev が sqrt(abar_prev) x0 + sqrt(1 - abar_prev) eps + σ z になっているようです。方向の項は sqrt(1 - abar_prev - σ²) eps です。
# copy: ddim_step
#@@
#=    # (4) [DDIM] eq. 12
#-    x_prev = a_prev.sqrt() * x0 + (1 - a_prev - sigma ** 2).sqrt() * eps
#+    x_prev = a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps
#=    if eta > 0:
