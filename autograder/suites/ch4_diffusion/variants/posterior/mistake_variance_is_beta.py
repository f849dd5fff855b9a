# title: posterior variance replaced by beta
# title_ja: 事後分散を β にした
# diagnosis: Your var looks like the effective beta itself; the posterior variance is (1 - abar_prev) / (1 - abar_t) * beta.
# diagnosis_ja: var が実効的な β そのものになっているようです。事後分散は (1 - abar_prev) / (1 - abar_t) * β です。
# copy: posterior_coefficients
#@@
#=    ct = alpha_eff.sqrt() * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
#-    var = (1 - a_prev) / (1 - a_t) * beta_eff   # (5) [DDPM] eq. 7, beta-tilde
#+    var = beta_eff   # (5) [DDPM] eq. 7, beta-tilde
#=    return c0, ct, var
