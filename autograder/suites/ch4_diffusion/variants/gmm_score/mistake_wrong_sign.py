# title: score pointing away from the means
# title_ja: スコアの符号が逆（平均から離れる向き）
# diagnosis: Your score looks like sum_k r_k (x - mu_k) / s_k^2; the score points towards the means: (mu_k - x) / s_k^2.
# diagnosis_ja: スコアが Σ r_k (x - μ_k) / s_k² になっているようです。スコアは平均の方を向きます: (μ_k - x) / s_k²。
def gmm_score(x: torch.Tensor, weights: torch.Tensor, means: torch.Tensor,
              stds: torch.Tensor) -> torch.Tensor:
    xd = x.to(torch.float64)
    w, mu, s = weights.to(torch.float64), means.to(torch.float64), stds.to(torch.float64)
    D = xd.shape[-1]
    diff = mu[None, :, :] - xd[:, None, :]                         # (N, K, D)
    # (1) log w_k + log N(x; mu_k, s_k^2 I)
    logp = (torch.log(w)[None] - 0.5 * (diff ** 2).sum(-1) / s[None] ** 2
            - D * torch.log(s)[None] - 0.5 * D * math.log(2 * math.pi))   # (N, K)
    # (2) responsibilities r_k = softmax over k
    r = torch.softmax(logp, dim=1)                                  # (N, K)
    # (3) sum_k r_k (mu_k - x) / s_k^2
    return -(r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
