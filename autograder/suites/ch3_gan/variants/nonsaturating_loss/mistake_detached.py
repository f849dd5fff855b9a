# title: the loss is cut from the graph (.item())
# title_ja: 損失が計算グラフから切れている（.item()）
# diagnosis: Your loss has the right value but no gradient reaches fake_logits: .item() or .detach() cut the graph.
# diagnosis_ja: 損失の値は正しいのですが、fake_logits まで勾配が届きません。.item() や .detach() で計算グラフが切れています。
# copy: g_loss_nonsaturating
#@@
#=    # -log sigmoid(l) = softplus(-l), stable for large |l|
#-    return F.softplus(-fake_logits).mean()
#+    value = F.softplus(-fake_logits).mean().item()
#+    return torch.tensor(value, dtype=fake_logits.dtype)
#=
