# title: x0 always clipped
# title_ja: x0 を常にクリップした
# diagnosis: Your step looks like it clamps the predicted x0 to [-1, 1] even when clip_sample is False (diffusers' DDPMScheduler clips by default, this exercise only when asked).
# diagnosis_ja: clip_sample が False でも予測 x0 を [-1, 1] に切り詰めているようです（diffusers の DDPMScheduler は既定でクリップしますが、この課題では指定されたときだけです）。
# copy: ddpm_step
#@@
#=    # (2) optional clipping of x_0 to the data range
#-    if clip_sample:
#-        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
#+    x0 = x0.clamp(-clip_sample_range, clip_sample_range)
#=    # (3) posterior mean ([DDPM] eq. 7) with the effective beta of the (possibly skipped) step
