# title: create_graph missing
# title_ja: create_graph がない
# diagnosis: Your R1 has the right value but cannot be backpropagated into the critic: call torch.autograd.grad(..., create_graph=True).
# diagnosis_ja: R1 の値は正しいのですが、critic へ逆伝播できません。torch.autograd.grad(..., create_graph=True) を使ってください。
# copy: r1_penalty
#@@
#=    x = real.detach().requires_grad_(True)
#-    (g,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)   # (B, ...)
#+    (g,) = torch.autograd.grad(critic(x).sum(), x)   # (B, ...)
#=    return 0.5 * float(gamma) * g.pow(2).flatten(1).sum(dim=1).mean()
