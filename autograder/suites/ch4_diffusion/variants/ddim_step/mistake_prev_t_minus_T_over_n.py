# title: previous timestep computed as t - T // n
# title_ja: 前の時刻を t - T // n で計算した
# diagnosis: Your step looks like it goes to t - T // n (as diffusers' DDIMScheduler does); for trailing or linspace spacing that is not the next timestep of the list (e.g. 923 instead of 922): take the next element of timesteps.
# diagnosis_ja: t - T // n に進んでいるようです（diffusers の DDIMScheduler と同じ）。trailing や linspace では、それは時刻列の次の要素ではありません（例: 922 ではなく 923）。timesteps の次の要素を使ってください。
# copy: ddim_step
#@@
#=    # (1) previous timestep: the next element of the list, not t - T // n
#-    t_prev = ts[i + 1] if i + 1 < len(ts) else -1
#+    t_prev = t - alphas_cumprod.shape[0] // len(ts)
#=    ac = alphas_cumprod.to(torch.float64)
