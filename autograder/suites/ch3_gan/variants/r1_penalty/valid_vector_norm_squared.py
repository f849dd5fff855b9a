# title: squared torch.linalg.vector_norm
# title_ja: torch.linalg.vector_norm の二乗
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def r1_penalty(critic, real, gamma):
    x = real.clone().detach().requires_grad_(True)
    out = critic(x)
    (g,) = torch.autograd.grad(out, x, grad_outputs=torch.ones_like(out), create_graph=True)
    return gamma / 2 * torch.linalg.vector_norm(g.reshape(len(g), -1), dim=1).pow(2).mean()
