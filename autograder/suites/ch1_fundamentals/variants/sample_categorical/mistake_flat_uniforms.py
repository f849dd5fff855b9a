# title: uniforms assumed 1-D (a (4, 5) u fails)
# title_ja: 一様乱数を 1 次元と仮定した（(4, 5) の u で失敗）
# diagnosis: Your sampler treats u as a vector of draws (u[:, None] against the CDF), so a u of shape (4, 5) gives the wrong shape; u may have any shape: torch.searchsorted(cdf, u, right=True) keeps it.
# diagnosis_ja: u を 1 次元のベクトルとして扱っている（u[:, None] と CDF の比較）ため、形 (4, 5) の u で形が違います。u の形は任意です。torch.searchsorted(cdf, u, right=True) なら形が保たれます。
# copy: sample_categorical
#@@
#=    cdf = cdf / cdf[-1]                                            # F_k, F_{K-1} = 1
#-    idx = torch.searchsorted(cdf, u.to(torch.float64).contiguous(), right=True)
#+    idx = (u.to(torch.float64)[:, None] >= cdf[None, :]).sum(dim=1)
#=    return idx.clamp_max(weights.shape[0] - 1)                     # u rounding up to 1.0
