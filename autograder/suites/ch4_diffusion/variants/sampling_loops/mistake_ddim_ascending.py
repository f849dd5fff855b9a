# title: DDIM loop runs the timesteps in ascending order
# title_ja: DDIM ループで時刻を昇順にたどった
# diagnosis: Your ddim_sample looks like it walks the timesteps from small to large; sampling starts at the largest timestep (the order given).
# diagnosis_ja: ddim_sample が時刻を小さい方から大きい方へたどっているようです。生成は最大の時刻から（与えられた順に）始まります。
# copy: ddpm_sample, ddim_sample
#@@
#=                eta: float = 0.0, noise: torch.Tensor | None = None) -> torch.Tensor:
#-    ts = [int(v) for v in timesteps.tolist()]
#+    ts = sorted(int(v) for v in timesteps.tolist())
#=    x = x_T
