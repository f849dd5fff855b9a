# title: ranked by dot product instead of cosine similarity
# title_ja: コサイン類似度ではなく内積で順位付けした
# diagnosis: Your scores look like raw dot products: long prompt embeddings win regardless of direction. Normalise the image and the prompt embeddings (cosine similarity).
# diagnosis_ja: scores が生の内積のようです。ノルムの大きいプロンプトが方向に関係なく勝ってしまいます。画像とプロンプトの埋め込みを正規化してください（コサイン類似度）。
def rank_prompts(image_emb, prompt_embs):
    if image_emb.dim() != 1 or prompt_embs.dim() != 2 or prompt_embs.shape[1] != image_emb.shape[0]:
        raise ValueError(f"expected image_emb (D,) and prompt_embs (P, D); got {tuple(image_emb.shape)} "
                         f"and {tuple(prompt_embs.shape)}")
    img = image_emb
    txt = prompt_embs
    scores = txt @ img  # (P,)
    order = torch.argsort(scores, descending=True, stable=True)
    return order, scores


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
