# title: posterior variance replaced by beta
# title_ja: 事後分散を β にした
# diagnosis: Your var looks like the effective beta itself; the posterior variance is (1 - abar_prev) / (1 - abar_t) * beta.
# diagnosis_ja: var が実効的な β そのものになっているようです。事後分散は (1 - abar_prev) / (1 - abar_t) * β です。
def posterior_coefficients(alphas_cumprod: torch.Tensor, t: torch.Tensor,
                           t_prev: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    t = torch.as_tensor(t, dtype=torch.int64)
    t_prev = torch.as_tensor(t_prev, dtype=torch.int64)
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = torch.where(t_prev >= 0, ac[t_prev.clamp_min(0)], torch.ones_like(a_t))
    alpha_eff = a_t / a_prev                    # (1) alpha_t of the skipped step
    beta_eff = 1 - alpha_eff                    # (2) effective beta
    c0 = a_prev.sqrt() * beta_eff / (1 - a_t)   # (3) [DDPM] eq. 7, x_0 coefficient
    ct = alpha_eff.sqrt() * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
    var = beta_eff   # (5) [DDPM] eq. 7, beta-tilde
    return c0, ct, var
