# title: threshold n_std * std^2
# title_ja: しきい値に分散を使った（n_std · std²）
# diagnosis: Your threshold uses the variance (n_std * std^2); a high-quality sample lies within n_std standard deviations (n_std * std).
# diagnosis_ja: しきい値に分散（n_std · std²）を使っています。高品質サンプルは標準偏差の n_std 倍（n_std · std）以内です。
# copy: mode_coverage
#@@
#=    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
#-    hq = dist <= n_std * float(std)                                          # (N,) bool
#+    hq = dist <= n_std * float(std) ** 2                                          # (N,) bool
#=    modes_hit = int(torch.unique(nearest[hq]).numel())
