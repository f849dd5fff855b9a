# title: grad_outputs of shape (B,) (a (B, 1) critic fails)
# title_ja: grad_outputs の形を (B,) にした（(B, 1) の critic で失敗）
# diagnosis: Your autograd.grad call passes grad_outputs of shape (B,), which does not match a critic with (B, 1) scores (an nn.Linear(..., 1) head); use grad_outputs=torch.ones_like(scores), or differentiate scores.sum().
# diagnosis_ja: autograd.grad に形 (B,) の grad_outputs を渡しているため、(B, 1) のスコアを返す critic（nn.Linear(..., 1) の出力）と形が合いません。grad_outputs=torch.ones_like(scores) とするか、scores.sum() を微分してください。
# copy: gradient_penalty
#@@
#=    scores = critic(x_hat)
#-    (g,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)     # (2) (B, ...)
#+    ones = torch.ones(real.shape[0], dtype=real.dtype, device=real.device)
#+    (g,) = torch.autograd.grad(scores, x_hat, grad_outputs=ones, create_graph=True)     # (2) (B, ...)
#=    norm = g.flatten(1).norm(2, dim=1)                                      # (3) (B,)
