# title: gradient norm over dim 1 only
# title_ja: 勾配のノルムを dim 1 だけでとった
# diagnosis: Your penalty takes the gradient norm over dim 1 (channels) only; the norm is over all non-batch dimensions of each sample (grad.flatten(1).norm(dim=1)).
# diagnosis_ja: ペナルティが勾配のノルムを dim 1（チャネル）だけでとっています。ノルムは各サンプルのバッチ以外のすべての次元でとります（grad.flatten(1).norm(dim=1)）。
# copy: gradient_penalty
#@@
#=    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
#-    norm = g.flatten(1).norm(2, dim=1)                                      # (3) (B,)
#+    norm = g.norm(2, dim=1)                                      # (3) (B,)
#=    return ((norm - 1.0) ** 2).mean()                                       # (4)
