# title: KL(p(y) ‖ p(y|x)) instead of KL(p(y|x) ‖ p(y))
# title_ja: KL(p(y|x) ‖ p(y)) ではなく KL(p(y) ‖ p(y|x)) を計算した
# diagnosis: Your score looks like it uses KL(p(y) ‖ p(y|x)); the Inception Score uses KL(p(y|x) ‖ p(y)) = Σ_y p(y|x) (log p(y|x) - log p(y)).
# diagnosis_ja: スコアが KL(p(y) ‖ p(y|x)) を使っているようです。Inception Score は KL(p(y|x) ‖ p(y)) = Σ_y p(y|x) (log p(y|x) - log p(y)) を使います。
def inception_score(probs, num_splits=10):
    scores = []
    for p in probs.chunk(num_splits, dim=0):
        p_y = p.mean(dim=0, keepdim=True)
        kl = (p_y * (torch.log(p_y) - torch.log(p))).sum(dim=1)
        scores.append(torch.exp(kl.mean()))
    scores = torch.stack(scores)
    return scores.mean(), scores.std()
