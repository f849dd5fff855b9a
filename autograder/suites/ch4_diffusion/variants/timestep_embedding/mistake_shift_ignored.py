# title: downscale_freq_shift ignored
# title_ja: downscale_freq_shift を無視した
# diagnosis: Your frequencies look like exp(-ln(max_period) * i / half); the denominator is half - downscale_freq_shift.
# diagnosis_ja: 周波数が exp(-ln(max_period) * i / half) になっているようです。分母は half - downscale_freq_shift です。
# copy: timestep_embedding
#@@
#=                         "divides by zero; use embedding_dim >= 4 or another shift")
#-    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / (half - downscale_freq_shift)
#+    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / half
#=    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
