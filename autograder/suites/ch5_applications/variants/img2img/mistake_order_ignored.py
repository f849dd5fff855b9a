# title: scheduler order ignored
# title_ja: スケジューラの order を無視した
# diagnosis: Your timesteps skip t_start entries whatever order is; a scheduler of order 2 lists each step twice, so skip t_start * order: timesteps[t_start * order:].
# diagnosis_ja: order に関係なく t_start 個だけ飛ばしています。order 2 のスケジューラは各ステップを 2 回並べるので、t_start * order 個飛ばします: timesteps[t_start * order:]。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=    t_start = max(num_inference_steps - init_timestep, 0)  # (2)
#-    return timesteps[t_start * order:]  # (3)
#+    return timesteps[t_start:]  # (3)
#=
