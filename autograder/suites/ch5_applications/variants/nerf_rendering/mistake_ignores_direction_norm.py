# title: distances not multiplied by the ray-direction norm
# title_ja: 区間の長さに光線方向のノルムを掛けなかった
# diagnosis: Your weights ignore the length of the ray direction: multiply delta_i = t_{i+1} - t_i by ||d|| (d is not a unit vector).
# diagnosis_ja: 重みが光線方向の長さを無視しています。delta_i = t_{i+1} - t_i に ||d|| を掛けてください（d は単位ベクトルではありません）。
# copy: volume_render
#@@
#=    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
#-    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
#+    dists = torch.cat([dists, last], dim=1)  # (1) (R, S)
#=    tau = sigma * dists  # optical depth of each interval
