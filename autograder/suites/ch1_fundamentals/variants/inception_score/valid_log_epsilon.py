# title: torch-fidelity style: KL with log(p + 1e-6) for stability
# title_ja: torch-fidelity 風: 安定化のため log(p + 1e-6) を使う KL
# diagnosis: a correct alternative implementation (the epsilon moves the score by less than float32 precision)
# diagnosis_ja: 正しい別解です（epsilon によるずれは float32 の精度より小さい）
def inception_score(probs, num_splits=10):
    eps = 1e-6
    scores = []
    for part in probs.chunk(num_splits, dim=0):
        p_y = part.mean(dim=0, keepdim=True)
        kl = part * (torch.log(part + eps) - torch.log(p_y + eps))
        scores.append(torch.exp(kl.sum(dim=1).mean()))
    scores = torch.stack(scores)
    return scores.mean(), scores.std()
