# title: cumulative product of the betas instead of 1 - beta
# title_ja: 1 - β ではなく β の累積積をとった
# diagnosis: Your alphas_cumprod looks like cumprod(betas); abar_t is the product of alpha_s = 1 - beta_s.
# diagnosis_ja: alphas_cumprod が cumprod(betas) になっているようです。abar_t は alpha_s = 1 - beta_s の積です。
# copy: beta_schedule, alphas_cumprod_from_betas
#@@
#=def alphas_cumprod_from_betas(betas: torch.Tensor) -> torch.Tensor:
#-    return torch.cumprod(1.0 - betas, dim=0)
#+    return torch.cumprod(betas, dim=0)
#=
