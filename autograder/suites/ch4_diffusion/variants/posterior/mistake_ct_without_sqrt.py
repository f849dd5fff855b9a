# title: x_t coefficient without the square root of alpha
# title_ja: x_t の係数で alpha に平方根を付けていない
# diagnosis: Your ct looks like alpha * (1 - abar_prev) / (1 - abar_t); it is sqrt(alpha) * (1 - abar_prev) / (1 - abar_t).
# diagnosis_ja: ct が alpha * (1 - abar_prev) / (1 - abar_t) になっているようです。正しくは sqrt(alpha) * (1 - abar_prev) / (1 - abar_t) です。
# copy: posterior_coefficients
#@@
#=    c0 = a_prev.sqrt() * beta_eff / (1 - a_t)   # (3) [DDPM] eq. 7, x_0 coefficient
#-    ct = alpha_eff.sqrt() * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
#+    ct = alpha_eff * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
#=    var = (1 - a_prev) / (1 - a_t) * beta_eff   # (5) [DDPM] eq. 7, beta-tilde
