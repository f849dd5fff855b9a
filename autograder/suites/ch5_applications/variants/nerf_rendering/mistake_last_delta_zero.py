# title: last interval of length 0 instead of 'infinite'
# title_ja: 最後の区間の長さを「無限大」ではなく 0 にした
# diagnosis: Your last sample has zero weight: NeRF gives the last interval an 'infinite' length (far_delta = 1e10), so an opaque ray's weights sum to 1.
# diagnosis_ja: 最後のサンプルの重みが 0 です。NeRF は最後の区間を「無限大」（far_delta = 1e10）とするので、不透明な光線の重みの和は 1 になります。
# copy: volume_render
#@@
#=    dists = t_vals[:, 1:] - t_vals[:, :-1]  # (R, S-1)
#-    last = torch.full_like(t_vals[:, :1], far_delta)  # (R, 1)
#+    last = torch.zeros_like(t_vals[:, :1])  # (R, 1)
#=    dists = torch.cat([dists, last], dim=1) * ray_dirs.norm(dim=1, keepdim=True)  # (1) (R, S)
