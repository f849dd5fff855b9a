# title: t_start computed as int(n * (1 - strength))
# title_ja: t_start を int(n * (1 - strength)) で計算した
# diagnosis: Your timesteps start one step late for some strengths: t_start = n - int(n * strength), which is not int(n * (1 - strength)) when n * strength is not an integer.
# diagnosis_ja: strength によってはタイムステップが 1 つ遅く始まります。t_start = n - int(n * strength) であり、n * strength が整数でないとき int(n * (1 - strength)) とは違います。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=    init_timestep = min(int(num_inference_steps * strength), num_inference_steps)  # (1)
#-    t_start = max(num_inference_steps - init_timestep, 0)  # (2)
#+    t_start = max(int(num_inference_steps * (1 - strength)), 0)  # (2)
#=    return timesteps[t_start * order:]  # (3)
