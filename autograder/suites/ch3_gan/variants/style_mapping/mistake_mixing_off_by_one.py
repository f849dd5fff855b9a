# title: crossover layer taken from w1
# title_ja: crossover の層を w1 から取った
# diagnosis: Your style mixing uses w1 for layers i <= crossover; layer i takes w1 only when i < crossover.
# diagnosis_ja: スタイルミキシングが i <= crossover の層に w1 を使っています。w1 を使うのは i < crossover の層だけです。
# copy: MappingNetwork, style_mixing
#@@
#=    layer = torch.arange(n_styles, device=w1.device)                 # (n_styles,)
#-    use_w1 = layer[None, :] < crossover[:, None].to(w1.device)        # (B, n_styles)
#+    use_w1 = layer[None, :] <= crossover[:, None].to(w1.device)        # (B, n_styles)
#=    return torch.where(use_w1[:, :, None], w1[:, None, :], w2[:, None, :])  # (B, n_styles, w_dim)
