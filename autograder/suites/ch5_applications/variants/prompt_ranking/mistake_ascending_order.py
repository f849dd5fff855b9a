# title: prompts ranked from the least to the most similar
# title_ja: 類似度の小さい順に並べた
# diagnosis: Your order starts with the least similar prompt; rank from the MOST similar (descending=True).
# diagnosis_ja: order が類似度の最も小さいプロンプトから始まっています。最も類似度の大きいものから（descending=True）並べてください。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=    scores = txt @ img  # (P,)
#-    order = torch.argsort(scores, descending=True, stable=True)
#+    order = torch.argsort(scores, stable=True)
#=    return order, scores
