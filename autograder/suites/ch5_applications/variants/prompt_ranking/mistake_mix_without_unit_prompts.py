# title: weighted sum of the raw prompt embeddings
# title_ja: 正規化していないプロンプト埋め込みで重み付き和をとった
# diagnosis: Your weighted embedding lets long prompt embeddings dominate: unit-normalise each prompt BEFORE weighting, so the weights alone set the influence.
# diagnosis_ja: 重み付き埋め込みでノルムの大きいプロンプトが支配的になっています。重み付けの「前」に各プロンプトを正規化し、影響の大きさを重みだけで決めてください。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=                         f"and {tuple(weights.shape)}")
#-    units = F.normalize(prompt_embs, dim=1)  # (P, D)
#+    units = prompt_embs
#=    mix = (weights.to(units.dtype)[:, None] * units).sum(dim=0)  # (D,)
