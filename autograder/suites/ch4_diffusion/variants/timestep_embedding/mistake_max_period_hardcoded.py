# title: max_period hard-coded as 10000
# title_ja: max_period を 10000 に固定した
# diagnosis: Your frequencies use ln(10000) whatever max_period is; use -ln(max_period) * i / (half - downscale_freq_shift).
# diagnosis_ja: max_period に関係なく ln(10000) を使っています。-ln(max_period) * i / (half - downscale_freq_shift) としてください。
# copy: timestep_embedding
#@@
#=                         "divides by zero; use embedding_dim >= 4 or another shift")
#-    exponent = -math.log(max_period) * torch.arange(half, dtype=torch.float64) / (half - downscale_freq_shift)
#+    exponent = -math.log(10000) * torch.arange(half, dtype=torch.float64) / (half - downscale_freq_shift)
#=    args = scale * timesteps.to(torch.float64)[:, None] * torch.exp(exponent)[None, :]   # (N, half)
