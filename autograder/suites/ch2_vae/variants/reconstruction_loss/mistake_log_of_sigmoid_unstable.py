# title: log(sigmoid(logits)) written out: overflows for large logits
# title_ja: log(sigmoid(logits)) をそのまま書いた（大きなロジットで発散）
# diagnosis: Your Bernoulli loss looks like -[x log σ(l) + (1-x) log(1-σ(l))] computed on probabilities: σ(l) rounds to exactly 0 or 1 for large |l| and the log becomes -inf; compute it on the logits (F.binary_cross_entropy_with_logits).
# diagnosis_ja: ベルヌーイ損失を確率 σ(l) から -[x log σ(l) + (1-x) log(1-σ(l))] と計算しているようです。|l| が大きいと σ(l) がちょうど 0 か 1 に丸められ、log が -inf になります。ロジットのまま計算してください（F.binary_cross_entropy_with_logits）。
def bernoulli_recon_loss(logits, x):
    p = torch.sigmoid(logits)
    return -(x * torch.log(p) + (1 - x) * torch.log(1 - p)).sum(dim=-1)


def gaussian_recon_loss(mean, x, logvar):
    logvar = torch.as_tensor(logvar, dtype=mean.dtype, device=mean.device)
    return 0.5 * (math.log(2 * math.pi) + logvar + (x - mean) ** 2 * torch.exp(-logvar)).sum(dim=-1)
