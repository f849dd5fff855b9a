# title: responsibilities from exp of the densities (no logsumexp)
# title_ja: 対数のまま正規化せず密度を exp してから負担率を計算した
# diagnosis: Your score is NaN far from the modes: exp of the log densities underflows to 0 and r_k = 0 / 0; use torch.softmax (logsumexp) on the log densities.
# diagnosis_ja: モードから遠い点でスコアが NaN です。対数密度を exp すると 0 にアンダーフローし r_k = 0 / 0 になります。対数密度に torch.softmax（logsumexp）を使ってください。
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
    p = torch.exp(logp)
    r = p / p.sum(1, keepdim=True)
    # (3) sum_k r_k (mu_k - x) / s_k^2
    return (r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
