# title: squared distance compared with n_std * std
# title_ja: 二乗距離を n_std · std と比べた
# diagnosis: Your high-quality test compares the squared distance with n_std * std; compare the distance itself.
# diagnosis_ja: 高品質の判定で二乗距離を n_std · std と比べています。距離そのものと比べてください。
# copy: mode_coverage
#@@
#=    dist, nearest = d.min(dim=1)                                             # (N,), (N,)
#-    hq = dist <= n_std * float(std)                                          # (N,) bool
#+    hq = dist ** 2 <= n_std * float(std)                                          # (N,) bool
#=    modes_hit = int(torch.unique(nearest[hq]).numel())
