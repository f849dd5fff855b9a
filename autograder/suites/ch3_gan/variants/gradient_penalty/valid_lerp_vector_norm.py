# title: torch.lerp and torch.linalg.vector_norm
# title_ja: torch.lerp と torch.linalg.vector_norm
# diagnosis: valid variant
# diagnosis_ja: 正しい別解
def gradient_penalty(critic, real, fake, alpha):
    shape = (-1,) + (1,) * (real.dim() - 1)
    x_hat = torch.lerp(fake.detach(), real.detach(), alpha.view(shape).to(real.dtype))
    x_hat.requires_grad_(True)
    out = critic(x_hat)
    grad = torch.autograd.grad(outputs=out, inputs=x_hat, grad_outputs=torch.ones_like(out),
                               create_graph=True, retain_graph=True)[0]
    norms = torch.linalg.vector_norm(grad.reshape(grad.shape[0], -1), ord=2, dim=1)
    return torch.mean((norms - 1) ** 2)
