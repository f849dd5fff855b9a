# title: clip_sample_range ignored (x0 clipped to [-1, 1])
# title_ja: clip_sample_range を無視した（x0 を [-1, 1] にクリップ）
# diagnosis: Your step clips x0 to [-1, 1] whatever clip_sample_range is; clamp to [-clip_sample_range, clip_sample_range].
# diagnosis_ja: clip_sample_range に関係なく x0 を [-1, 1] にクリップしています。[-clip_sample_range, clip_sample_range] に切り詰めてください。
# copy: ddpm_step
#@@
#=    if clip_sample:
#-        x0 = x0.clamp(-clip_sample_range, clip_sample_range)
#+        x0 = x0.clamp(-1.0, 1.0)
#=    # (3) posterior mean ([DDPM] eq. 7) with the effective beta of the (possibly skipped) step
