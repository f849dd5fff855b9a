# title: σ used where σ² belongs, as if log σ were passed for logvar (case C08: 0.653426)
# title_ja: σ² のところに σ を使った（logvar の代わりに log σ を渡したのと同じ、ケース C08: 0.653426）
# diagnosis: Your KL looks like it was computed from σ = exp(0.5 * logvar) in place of σ² (the same as passing log σ where logvar is expected): use σ² = exp(logvar) and log σ² = logvar (for mu = 1, σ = 2 this gives 0.653426).
# diagnosis_ja: KL が σ² の代わりに σ = exp(0.5 * logvar) から計算されているようです（logvar の代わりに log σ を渡したのと同じ）。σ² = exp(logvar)、log σ² = logvar を使ってください（mu = 1, σ = 2 ではこれが 0.653426 になります）。
def gaussian_kl(mu, logvar):
    std = torch.exp(0.5 * logvar)
    return -0.5 * torch.sum(1 + torch.log(std) - mu ** 2 - std, dim=-1)
