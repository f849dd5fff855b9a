# title: number of steps rounded instead of truncated
# title_ja: ステップ数を切り捨てではなく四捨五入した
# diagnosis: Your timesteps have one step too many for some strengths: diffusers uses int(num_inference_steps * strength), which truncates; round() does not.
# diagnosis_ja: strength によってはタイムステップが 1 つ多くなっています。diffusers は int(num_inference_steps * strength)（切り捨て）を使います。round() は四捨五入です。
# copy: img2img_timesteps, img2img_start_latent
#@@
#=        raise ValueError(f"num_inference_steps must be a positive integer, got {num_inference_steps}")
#-    init_timestep = min(int(num_inference_steps * strength), num_inference_steps)  # (1)
#+    init_timestep = min(round(num_inference_steps * strength), num_inference_steps)  # (1)
#=    t_start = max(num_inference_steps - init_timestep, 0)  # (2)
