# title: log density without the -D log s_k term
# title_ja: 対数密度で -D log s_k を省いた
# diagnosis: Your responsibilities look like they ignore the normalising constant -D log s_k, which matters when the components have different s_k.
# diagnosis_ja: 負担率が正規化定数 -D log s_k を無視しているようです。成分ごとに s_k が違うときは必要です。
def gmm_score(x: torch.Tensor, weights: torch.Tensor, means: torch.Tensor,
              stds: torch.Tensor) -> torch.Tensor:
    xd = x.to(torch.float64)
    w, mu, s = weights.to(torch.float64), means.to(torch.float64), stds.to(torch.float64)
    D = xd.shape[-1]
    diff = mu[None, :, :] - xd[:, None, :]                         # (N, K, D)
    # (1) log w_k + log N(x; mu_k, s_k^2 I)
    logp = (torch.log(w)[None] - 0.5 * (diff ** 2).sum(-1) / s[None] ** 2
            - 0.5 * D * math.log(2 * math.pi))   # (N, K)
    # (2) responsibilities r_k = softmax over k
    r = torch.softmax(logp, dim=1)                                  # (N, K)
    # (3) sum_k r_k (mu_k - x) / s_k^2
    return (r[:, :, None] * diff / s[None, :, None] ** 2).sum(1).to(x.dtype)
