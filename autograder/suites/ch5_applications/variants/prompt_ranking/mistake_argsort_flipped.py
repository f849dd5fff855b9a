# title: ascending argsort flipped (ties reversed)
# title_ja: 昇順の argsort を反転した（同点の順番が逆になる）
# diagnosis: Your order lists equal scores with the higher index first, as argsort(scores).flip(0) does; ties keep the lower index first: torch.argsort(scores, descending=True, stable=True).
# diagnosis_ja: 同じスコアを番号の大きい順に並べています（argsort(scores).flip(0) と同じ）。同点は番号の小さい方が先です。torch.argsort(scores, descending=True, stable=True) を使ってください。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=    scores = txt @ img  # (P,)
#-    order = torch.argsort(scores, descending=True, stable=True)
#+    order = torch.argsort(scores, stable=True).flip(0)
#=    return order, scores
