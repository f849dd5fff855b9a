# title: strict threshold (dist < n_std * std)
# title_ja: しきい値を厳密な不等号にした（dist < n_std * std）
# diagnosis: Your high-quality test is dist < n_std * std; the definition is 'at most n_std * std' (dist <= n_std * std), so samples exactly on the threshold count.
# diagnosis_ja: 高品質の判定が dist < n_std * std になっています。定義は「n_std * std 以下」（dist <= n_std * std）なので、ちょうどしきい値上のサンプルも数えます。
# copy: mode_coverage
#@@
#=    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
#-    hq = dist <= n_std * float(std)                                          # (N,) bool
#+    hq = dist < n_std * float(std)                                           # (N,) bool
#=    modes_hit = int(torch.unique(nearest[hq]).numel())
