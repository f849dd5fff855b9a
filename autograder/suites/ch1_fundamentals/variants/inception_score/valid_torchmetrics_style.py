# title: torchmetrics' own computation (log_softmax of log-probabilities)
# title_ja: torchmetrics と同じ計算（対数確率の log_softmax）
def inception_score(probs, num_splits=10):
    logits = torch.log(probs)
    prob = logits.softmax(dim=1).chunk(num_splits, dim=0)
    log_prob = logits.log_softmax(dim=1).chunk(num_splits, dim=0)
    mean_prob = [p.mean(dim=0, keepdim=True) for p in prob]
    kl = [p * (lp - mp.log()) for p, lp, mp in zip(prob, log_prob, mean_prob)]
    kl = torch.stack([k.sum(dim=1).mean().exp() for k in kl])
    return kl.mean(), kl.std()
