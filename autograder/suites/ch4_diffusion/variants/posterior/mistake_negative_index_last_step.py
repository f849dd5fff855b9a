# title: t_prev = -1 indexed into alphas_cumprod
# title_ja: t_prev = -1 で alphas_cumprod を添字参照した
# diagnosis: At the last step (t_prev = -1) your abar_prev looks like alphas_cumprod[-1] (Python's last element); it must be 1.
# diagnosis_ja: 最後のステップ（t_prev = -1）で abar_prev が alphas_cumprod[-1]（Python の最後の要素）になっているようです。1 にします。
def posterior_coefficients(alphas_cumprod: torch.Tensor, t: torch.Tensor,
                           t_prev: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    t = torch.as_tensor(t, dtype=torch.int64)
    t_prev = torch.as_tensor(t_prev, dtype=torch.int64)
    ac = alphas_cumprod.to(torch.float64)
    a_t = ac[t]
    a_prev = ac[t_prev]
    alpha_eff = a_t / a_prev                    # (1) alpha_t of the skipped step
    beta_eff = 1 - alpha_eff                    # (2) effective beta
    c0 = a_prev.sqrt() * beta_eff / (1 - a_t)   # (3) [DDPM] eq. 7, x_0 coefficient
    ct = alpha_eff.sqrt() * (1 - a_prev) / (1 - a_t)  # (4) [DDPM] eq. 7, x_t coefficient
    var = (1 - a_prev) / (1 - a_t) * beta_eff   # (5) [DDPM] eq. 7, beta-tilde
    return c0, ct, var
