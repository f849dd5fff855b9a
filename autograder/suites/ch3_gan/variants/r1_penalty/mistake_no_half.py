# title: gamma instead of gamma / 2
# title_ja: gamma / 2 ではなく gamma
# diagnosis: Your R1 is twice the expected value: the convention here includes the factor gamma / 2.
# diagnosis_ja: R1 が期待値の 2 倍です。ここでの規約は係数 gamma / 2 を含みます。
# copy: r1_penalty
#@@
#=    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)   # (B, ...)
#-    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
#+    return float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
#=
