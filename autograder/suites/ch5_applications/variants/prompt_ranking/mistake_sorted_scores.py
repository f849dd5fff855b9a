# title: scores returned in ranked order instead of the original order
# title_ja: scores を元の順番ではなく順位の順で返した
# diagnosis: Your scores look sorted; return each prompt's similarity in the prompts' ORIGINAL order (scores[i] belongs to prompt i) and the ranking separately in order.
# diagnosis_ja: scores が並べ替えられているようです。各プロンプトの類似度は「元の順番」（scores[i] はプロンプト i）で返し、順位は order で別に返してください。
# copy: rank_prompts, weighted_prompt_embedding
#@@
#=    order = torch.argsort(scores, descending=True, stable=True)
#-    return order, scores
#+    return order, scores[order]
#=
