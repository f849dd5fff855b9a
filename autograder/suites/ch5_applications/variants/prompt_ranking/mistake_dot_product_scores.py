# title: ranked by dot product instead of cosine similarity
# title_ja: コサイン類似度ではなく内積で順位付けした
# diagnosis: Your scores look like raw dot products: long prompt embeddings win regardless of direction. Normalise the image and the prompt embeddings (cosine similarity).
# diagnosis_ja: scores が生の内積のようです。ノルムの大きいプロンプトが方向に関係なく勝ってしまいます。画像とプロンプトの埋め込みを正規化してください（コサイン類似度）。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=                         f"and {tuple(prompt_embs.shape)}")
#-    img = F.normalize(image_emb, dim=0)  # (D,)
#-    txt = F.normalize(prompt_embs, dim=1)  # (P, D)
#+    img = image_emb
#+    txt = prompt_embs
#=    scores = txt @ img  # (P,)
