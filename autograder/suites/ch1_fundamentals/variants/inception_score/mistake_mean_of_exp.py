# title: mean of exp(KL) instead of exp of the mean KL
# title_ja: 平均 KL の exp ではなく exp(KL) の平均をとった
# diagnosis: Your score averages exp(KL) over the samples; the Inception Score is exp of the AVERAGE KL: exp(mean_n KL(p(y|x_n) ‖ p(y))).
# diagnosis_ja: スコアがサンプルについて exp(KL) を平均しています。Inception Score は平均 KL の exp: exp(mean_n KL(p(y|x_n) ‖ p(y))) です。
def inception_score(probs, num_splits=10):
    scores = []
    for p in probs.chunk(num_splits, dim=0):
        p_y = p.mean(dim=0, keepdim=True)
        kl = (p * (torch.log(p) - torch.log(p_y))).sum(dim=1)
        scores.append(torch.exp(kl).mean())
    scores = torch.stack(scores)
    return scores.mean(), scores.std()
