# title: torch.sort and a weighted mean before normalising
# title_ja: torch.sort と、正規化前の重み付き平均
# diagnosis: valid: dividing by sum(|w|) before the final normalisation changes nothing.
# diagnosis_ja: 正解: 最後に正規化するので、その前に sum(|w|) で割っても結果は同じ
def rank_prompts(image_emb, prompt_embs):
    sims = F.cosine_similarity(prompt_embs, image_emb.unsqueeze(0), dim=1)
    _, order = torch.sort(sims, descending=True, stable=True)
    return order, sims


def weighted_prompt_embedding(prompt_embs, weights):
    units = prompt_embs / prompt_embs.norm(dim=1, keepdim=True)
    mean = units.T @ weights / weights.abs().sum()
    return F.normalize(mean, dim=0)
