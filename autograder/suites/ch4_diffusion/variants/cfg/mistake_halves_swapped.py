# title: batch halves swapped
# title_ja: バッチの前半と後半を取り違えた
# diagnosis: Your guidance looks like it takes the conditional half first; the batch is torch.cat([uncond, cond]) (unconditional first).
# diagnosis_ja: 条件付きの半分を先頭として扱っているようです。バッチは torch.cat([uncond, cond])（無条件が先）です。
# copy: classifier_free_guidance
#@@
#=        raise ValueError(f"batch size {model_output.shape[0]} must be even ([uncond, cond])")
#-    uncond, cond = model_output.chunk(2, dim=0)
#+    cond, uncond = model_output.chunk(2, dim=0)
#=    guided = uncond + guidance_scale * (cond - uncond)              # (1) [CFG] eq. 6
