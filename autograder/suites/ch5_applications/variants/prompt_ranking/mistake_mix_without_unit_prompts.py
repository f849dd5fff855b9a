# title: weighted sum of the raw prompt embeddings
# title_ja: 正規化していないプロンプト埋め込みで重み付き和をとった
# diagnosis: Your weighted embedding lets long prompt embeddings dominate: unit-normalise each prompt BEFORE weighting, so the weights alone set the influence.
# diagnosis_ja: 重み付き埋め込みでノルムの大きいプロンプトが支配的になっています。重み付けの「前」に各プロンプトを正規化し、影響の大きさを重みだけで決めてください。
def rank_prompts(image_emb, prompt_embs):
    if image_emb.dim() != 1 or prompt_embs.dim() != 2 or prompt_embs.shape[1] != image_emb.shape[0]:
        raise ValueError(f"expected image_emb (D,) and prompt_embs (P, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(prompt_embs.shape)}")
    img = F.normalize(image_emb, dim=0)  # (D,)
    txt = F.normalize(prompt_embs, dim=1)  # (P, D)
    scores = txt @ img  # (P,)
    order = torch.argsort(scores, descending=True, stable=True)
    return order, scores


def weighted_prompt_embedding(prompt_embs, weights):
    if prompt_embs.dim() != 2 or weights.dim() != 1 or weights.shape[0] != prompt_embs.shape[0]:
        raise ValueError(f"expected prompt_embs (P, D) and weights (P,); got {tuple(prompt_embs.shape)} "
                         f"and {tuple(weights.shape)}")
    units = prompt_embs
    mix = (weights.to(units.dtype)[:, None] * units).sum(dim=0)  # (D,)
    norm = mix.norm()
    if float(norm) == 0.0:
        raise ValueError("the weighted sum of the prompts is the zero vector (are all weights 0?); "
                         "use weights with a non-zero combination")
    return mix / norm
