# title: the first steps of the schedule instead of the last ones
# title_ja: スケジュールの最後ではなく最初のステップを使った
# diagnosis: Your timesteps start at the noisiest step: img2img skips the first t_start steps and runs the LAST ones, timesteps[t_start * order:].
# diagnosis_ja: タイムステップが最もノイズの多いステップから始まっています。img2img は最初の t_start ステップを飛ばし、「最後」のステップ timesteps[t_start * order:] を実行します。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=    t_start = max(num_inference_steps - init_timestep, 0)  # (2)
#-    return timesteps[t_start * order:]  # (3)
#+    return timesteps[:init_timestep * order]  # (3)
#=
