# title: paper convention (1 + w) cond - w uncond
# title_ja: 論文の約束 (1 + w) cond - w uncond を使った
# diagnosis: Your guidance looks like (1 + w) cond - w uncond (the paper's w); this exercise uses diffusers' scale: uncond + w (cond - uncond), so w = 1 gives cond.
# diagnosis_ja: ガイダンスが (1 + w) cond - w uncond（論文の w）になっているようです。この課題は diffusers のスケール uncond + w (cond - uncond) を使うので、w = 1 で cond です。
# copy: classifier_free_guidance
#@@
#=    uncond, cond = model_output.chunk(2, dim=0)
#-    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
#+    guided = (1 + guidance_scale) * cond - guidance_scale * uncond              # (1) [CFG] eq. 6
#=    if guidance_rescale > 0:
