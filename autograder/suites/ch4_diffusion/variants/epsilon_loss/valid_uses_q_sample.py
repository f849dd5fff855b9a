# title: reuses q_sample from the earlier exercise
# title_ja: 前の課題の q_sample を再利用
# diagnosis: a correct alternative implementation
# diagnosis_ja: 正しい別解です
def epsilon_loss(eps_model, x0, t, noise, alphas_cumprod):
    x_t = q_sample(x0, t, noise, alphas_cumprod)
    diff = eps_model(x_t, t) - noise
    return (diff * diff).sum() / diff.numel()
