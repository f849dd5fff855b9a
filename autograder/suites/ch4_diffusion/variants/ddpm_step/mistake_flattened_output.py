# title: the step returns its result flattened to (N, 1)
# title_ja: ステップの結果を (N, 1) に平坦化して返した
# diagnosis: Your step returns another shape than x_t; return a tensor of x_t's shape.
# diagnosis_ja: ステップの出力の形状が x_t と違います。x_t と同じ形状のテンソルを返してください。
# copy: ddpm_step
#@@
#=        sigma2 = beta_eff
#-    return (mean + sigma2.sqrt() * noise.to(torch.float64)).to(x_t.dtype)
#+    return (mean + sigma2.sqrt() * noise.to(torch.float64)).to(x_t.dtype).reshape(-1, 1)  # flattened
#=
#+
#+# ---------------------------------------------------------------------------
#+# 3. Score-based view
#+# ---------------------------------------------------------------------------
#+
