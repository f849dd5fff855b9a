# title: modes counted from all samples
# title_ja: すべてのサンプルからモードを数えた
# diagnosis: Your mode count includes samples that are not high quality; a mode is hit only by a high-quality sample (within n_std * std).
# diagnosis_ja: モード数に高品質でないサンプルも数えています。モードを捉えたとみなすのは高品質サンプル（n_std · std 以内）だけです。
# copy: mode_coverage
#@@
#=    hq = dist <= n_std * float(std)                                          # (N,) bool
#-    modes_hit = int(torch.unique(nearest[hq]).numel())
#+    modes_hit = int(torch.unique(nearest).numel())
#=    return modes_hit, float(hq.to(torch.float64).mean())
