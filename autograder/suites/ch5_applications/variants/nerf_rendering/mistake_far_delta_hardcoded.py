# title: far_delta ignored (last interval always 1e10)
# title_ja: far_delta を無視した（最後の区間が常に 1e10）
# diagnosis: Your last interval is 1e10 whatever far_delta is; use far_delta * ||d|| for the last sample (a finite far plane leaves the last sample partly transparent).
# diagnosis_ja: far_delta に関係なく最後の区間を 1e10 にしています。最後のサンプルには far_delta * ||d|| を使ってください（有限の遠方平面では最後のサンプルは半透明のままです）。
# copy: volume_render
#@@
#=    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
#-    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
#+    last = torch.full_like(t_vals[:, :1], 1e10)  # (R, 1)
#=    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
