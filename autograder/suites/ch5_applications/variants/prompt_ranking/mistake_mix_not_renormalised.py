# title: weighted sum not normalised to unit length
# title_ja: 重み付き和を単位長に正規化しなかった
# diagnosis: Your weighted prompt embedding is not a unit vector: divide the weighted sum by its norm.
# diagnosis_ja: 重み付きプロンプト埋め込みが単位ベクトルになっていません。重み付き和をそのノルムで割ってください。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=                         "use weights with a non-zero combination")
#-    return mix / norm
#+    return mix / weights.sum()
#=
