# title: extrapolated from cond instead of uncond
# title_ja: uncond ではなく cond から外挿した
# diagnosis: Your guidance looks like cond + w (cond - uncond); it starts from the unconditional prediction: uncond + w (cond - uncond).
# diagnosis_ja: ガイダンスが cond + w (cond - uncond) になっているようです。無条件予測から始めます: uncond + w (cond - uncond)。
# copy: classifier_free_guidance
#@@
#=    uncond, cond = model_output.chunk(2, dim=0)
#-    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
#+    guided = cond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
#=    if guidance_rescale > 0:
