# title: x_t in float64, F.mse_loss
# title_ja: x_t を float64 で作り F.mse_loss
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def epsilon_loss(eps_model, x0, t, noise, alphas_cumprod):
    shape = (-1,) + (1,) * (x0.dim() - 1)
    a = alphas_cumprod.double()[t].view(shape)
    x_t = (a.sqrt() * x0.double() + (1 - a).sqrt() * noise.double()).to(x0.dtype)
    return F.mse_loss(eps_model(x_t, t), noise)
