# title: population standard deviation (ddof = 0)
# title_ja: 標本標準偏差（ddof = 0）を使った
# diagnosis: Your std divides by the number of splits (numpy's np.std default); the stated convention (torchmetrics) is the unbiased torch.std, dividing by num_splits - 1.
# diagnosis_ja: 標準偏差が分割数で割られています（numpy の np.std の既定）。この課題の約束（torchmetrics）は不偏の torch.std で、num_splits - 1 で割ります。
def inception_score(probs, num_splits=10):
    scores = []
    for p in probs.chunk(num_splits, dim=0):
        p_y = p.mean(dim=0, keepdim=True)
        kl = (p * (torch.log(p) - torch.log(p_y))).sum(dim=1)
        scores.append(torch.exp(kl.mean()))
    scores = torch.stack(scores)
    return scores.mean(), scores.std(unbiased=False)
