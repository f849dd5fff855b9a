# title: noise scaled by the variance instead of the standard deviation
# title_ja: ノイズを標準偏差ではなく分散で拡大した
# diagnosis: Your step looks like mean + var * noise; the noise is scaled by the standard deviation sqrt(var).
# diagnosis_ja: mean + var * noise になっているようです。ノイズには標準偏差 sqrt(var) を掛けます。
# copy: ddpm_step
#@@
#=        sigma2 = beta_eff
#-    return (mean + sigma2.sqrt() * noise.to(torch.float64)).to(x_t.dtype)
#+    return (mean + sigma2 * noise.to(torch.float64)).to(x_t.dtype)
#=
