# title: one KL per sample, but as a column (B, 1) (keepdim=True)
# title_ja: サンプルごとの KL を列 (B, 1) で返した（keepdim=True）
# diagnosis: Your KL has shape (B, 1) (keepdim=True): return shape (B,), summing over the latent axis without keepdim.
# diagnosis_ja: KL の形状が (B, 1) です（keepdim=True）。keepdim なしで潜在次元の和をとり、形状 (B,) で返してください。
def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp(), dim=-1, keepdim=True)
