# title: scores returned in ranked order instead of the original order
# title_ja: scores を元の順番ではなく順位の順で返した
# diagnosis: Your scores look sorted; return each prompt's similarity in the prompts' ORIGINAL order (scores[i] belongs to prompt i) and the ranking separately in order.
# diagnosis_ja: scores が並べ替えられているようです。各プロンプトの類似度は「元の順番」（scores[i] はプロンプト i）で返し、順位は order で別に返してください。
def rank_prompts(image_emb, prompt_embs):
    if image_emb.dim() != 1 or prompt_embs.dim() != 2 or prompt_embs.shape[1] != image_emb.shape[0]:
        raise ValueError(f"expected image_emb (D,) and prompt_embs (P, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(prompt_embs.shape)}")
    img = F.normalize(image_emb, dim=0)  # (D,)
    txt = F.normalize(prompt_embs, dim=1)  # (P, D)
    scores = txt @ img  # (P,)
    order = torch.argsort(scores, descending=True, stable=True)
    return order, scores[order]


def weighted_prompt_embedding(prompt_embs, weights):
    if prompt_embs.dim() != 2 or weights.dim() != 1 or weights.shape[0] != prompt_embs.shape[0]:
        raise ValueError(f"expected prompt_embs (P, D) and weights (P,); got {tuple(prompt_embs.shape)} "
                         f"and {tuple(weights.shape)}")
    units = F.normalize(prompt_embs, dim=1)  # (P, D)
    mix = (weights.to(units.dtype)[:, None] * units).sum(dim=0)  # (D,)
    norm = mix.norm()
    if float(norm) == 0.0:
        raise ValueError("the weighted sum of the prompts is the zero vector (are all weights 0?); "
                         "use weights with a non-zero combination")
    return mix / norm
