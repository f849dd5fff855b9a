# title: sqrt of the sum of squares, with a stderr note
# title_ja: 二乗和の平方根、stderr への出力つき
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
import sys


def gradient_penalty(critic, real, fake, alpha):
    a = alpha.reshape([real.shape[0]] + [1] * (real.dim() - 1))
    x_hat = (a * real + (1 - a) * fake).detach().requires_grad_()
    (g,) = torch.autograd.grad(critic(x_hat).sum(), [x_hat], create_graph=True)
    dims = list(range(1, g.dim()))
    norm = torch.sqrt((g ** 2).sum(dim=dims))
    print(f"mean gradient norm {norm.mean().item():.3f}", file=sys.stderr)
    return ((norm - 1) ** 2).mean()
