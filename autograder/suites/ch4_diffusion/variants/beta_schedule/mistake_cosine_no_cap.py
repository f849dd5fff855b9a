# title: cosine schedule without the 0.999 cap
# title_ja: コサインスケジュールで 0.999 の上限を付けていない
# diagnosis: Your last cosine beta looks like 1.0: without min(..., max_beta) the last step has alpha_T = 0 and 1 / sqrt(alpha_T) is infinite.
# diagnosis_ja: コサインの最後の beta が 1.0 になっているようです。min(..., max_beta) がないと alpha_T = 0 となり 1 / sqrt(alpha_T) が無限大になります。
# copy: beta_schedule, alphas_cumprod_from_betas
#@@
#=        # [IDDPM] eq. 17 -> beta_t = 1 - abar_t / abar_{t-1}, clipped to max_beta
#-        betas = [min(1.0 - abar((i + 1) / T) / abar(i / T), max_beta) for i in range(T)]
#+        betas = [1.0 - abar((i + 1) / T) / abar(i / T) for i in range(T)]
#=        return torch.tensor(betas, dtype=torch.float64)
