# title: interleaved splits (probs[i::num_splits]) instead of contiguous chunks
# title_ja: 連続した分割ではなく飛び飛びの分割（probs[i::num_splits]）を使った
# diagnosis: Your splits look interleaved (rows i, i + S, i + 2S, ...); the stated convention is torchmetrics': contiguous chunks probs.chunk(num_splits, dim=0).
# diagnosis_ja: 分割が飛び飛び（i, i + S, i + 2S, ... 行目）になっているようです。この課題の約束は torchmetrics と同じ、連続したブロック probs.chunk(num_splits, dim=0) です。
def inception_score(probs, num_splits=10):
    scores = []
    for i in range(num_splits):
        p = probs[i::num_splits]
        p_y = p.mean(dim=0, keepdim=True)
        kl = (p * (torch.log(p) - torch.log(p_y))).sum(dim=1)
        scores.append(torch.exp(kl.mean()))
    scores = torch.stack(scores)
    return scores.mean(), scores.std()
