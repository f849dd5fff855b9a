# title: float64 inside, tensor step sizes
# title_ja: 内部を float64 で、ステップ幅もテンソルで
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def annealed_langevin(score_fn, x, sigmas, step_size, noise):
    dtype = x.dtype
    sig = torch.as_tensor(sigmas).double()
    y = x.double()
    for i, sigma in enumerate(sig):
        alpha = step_size * sigma ** 2 / sig[-1] ** 2
        for z in noise[i]:
            y = y + alpha / 2 * score_fn(y.to(dtype), sigma.item()).double() + alpha.sqrt() * z.double()
    return y.to(dtype)
