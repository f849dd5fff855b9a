# title: per-coordinate (box) distance
# title_ja: 座標ごと（箱型）の距離
# diagnosis: Your high-quality test compares each coordinate separately (a square); use the Euclidean distance to the nearest center.
# diagnosis_ja: 高品質の判定が座標ごと（正方形）になっています。最も近い中心までのユークリッド距離を使ってください。
# copy: mode_coverage
#@@
#=    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
#-    hq = dist <= n_std * float(std)                                          # (N,) bool
#+    diff = samples.to(torch.float64) - centers.to(torch.float64)[nearest]
#+    hq = diff.abs().max(dim=1).values <= n_std * float(std)                                          # (N,) bool
#=    modes_hit = int(torch.unique(nearest[hq]).numel())
