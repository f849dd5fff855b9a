# title: squared norm instead of the norm
# title_ja: ノルムではなく二乗ノルム
# diagnosis: Your penalty uses the squared gradient norm (||g||^2 - 1)^2; WGAN-GP uses (||g|| - 1)^2.
# diagnosis_ja: ペナルティが二乗ノルム (||g||² - 1)² を使っています。WGAN-GP は (||g|| - 1)² です。
# copy: gradient_penalty
#@@
#=    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
#-    norm = g.flatten(1).norm(2, dim=1)                                      # (3) (B,)
#+    norm = g.flatten(1).pow(2).sum(dim=1)                                      # (3) (B,)
#=    return ((norm - 1.0) ** 2).mean()                                       # (4)
