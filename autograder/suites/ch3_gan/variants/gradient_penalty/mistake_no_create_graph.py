# title: create_graph missing
# title_ja: create_graph がない
# diagnosis: Your penalty has the right value but cannot be backpropagated into the critic: call torch.autograd.grad(..., create_graph=True).
# diagnosis_ja: ペナルティの値は正しいのですが、critic へ逆伝播できません。torch.autograd.grad(..., create_graph=True) を使ってください。
# copy: gradient_penalty
#@@
#=    scores = critic(x_hat)
#-    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
#+    (g,) = torch.autograd.grad(scores.sum(), x_hat)     # (2) (B, ...)
#=    norm = g.flatten(1).norm(2, dim=1)                                      # (3) (B,)
