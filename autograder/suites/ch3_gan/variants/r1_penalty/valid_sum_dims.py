# title: sum of squares over the non-batch dims
# title_ja: バッチ以外の次元で二乗和
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def r1_penalty(critic, real, gamma):
    x = real.detach()
    x.requires_grad = True
    grad = torch.autograd.grad(critic(x).sum(), x, create_graph=True)[0]
    sq = (grad * grad).sum(dim=tuple(range(1, grad.dim())))
    return (gamma * 0.5) * sq.mean()
