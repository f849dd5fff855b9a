# title: summed over the batch too (one number instead of one per sample)
# title_ja: バッチ方向まで和をとった（サンプルごとでなく 1 つの数）
# diagnosis: Your KL is one number for the whole batch (torch.sum without dim): return one KL per sample, summing only over the latent axis (dim=-1), shape (B,).
# diagnosis_ja: KL がバッチ全体で 1 つの数になっています（dim なしの torch.sum）。潜在次元（dim=-1）だけで和をとり、サンプルごとの KL（形状 (B,)）を返してください。
def gaussian_kl(mu, logvar):
    return -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
