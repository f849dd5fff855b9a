# title: gradient norm instead of its square
# title_ja: 二乗ノルムではなくノルム
# diagnosis: Your R1 uses ||grad||; R1 penalises the squared norm ||grad||^2.
# diagnosis_ja: R1 が ||grad|| を使っています。R1 は二乗ノルム ||grad||² に罰則を与えます。
# copy: r1_penalty
#@@
#=    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)   # (B, ...)
#-    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
#+    return 0.5 * float(gamma) * g.flatten(1).norm(dim=1).mean()
#=
