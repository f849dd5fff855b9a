# title: divided by s_k instead of s_k^2
# title_ja: s_k² ではなく s_k で割った
# diagnosis: Your score looks like sum_k r_k (mu_k - x) / s_k; the gradient of -||x - mu||^2 / (2 s^2) divides by the variance s_k^2.
# diagnosis_ja: スコアが Σ r_k (μ_k - x) / s_k になっているようです。-||x - μ||² / (2 s²) の勾配は分散 s_k² で割ります。
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
    return (r[:, :, None] * diff / s[None, :, None]).sum(1).to(x.dtype)
