# title: alpha = 1 - exp(-sigma) without the interval length
# title_ja: alpha = 1 - exp(-sigma)（区間の長さを掛けなかった）
# diagnosis: Your opacities ignore the sample spacing: alpha_i = 1 - exp(-sigma_i * delta_i), with delta_i = (t_{i+1} - t_i) * ||d||.
# diagnosis_ja: 不透明度がサンプル間隔を無視しています。alpha_i = 1 - exp(-sigma_i * delta_i)、delta_i = (t_{i+1} - t_i) * ||d|| です。
# copy: volume_render
#@@
#=    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
#-    tau = sigma * dists  # optical depth of each interval
#+    tau = sigma  # optical depth of each interval
#=    alpha = 1.0 - torch.exp(-tau)  # (2)
