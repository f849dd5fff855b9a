# title: inclusive transmittance (cumprod includes the sample itself)
# title_ja: 透過率に自分自身のサンプルまで含めた（包含的な累積積）
# diagnosis: Your weights look computed with T_i = prod_{j<=i} (1 - alpha_j); transmittance is EXCLUSIVE: the product stops before sample i (T_0 = 1).
# diagnosis_ja: 重みが T_i = Π_{j<=i} (1 - alpha_j) で計算されているようです。透過率は排他的で、積はサンプル i の手前までです（T_0 = 1）。
# copy: volume_render
#@@
#=    # swallow the sum before it in floating point)
#-    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
#+    depth_before = torch.cumsum(tau, dim=1)
#=    trans = torch.exp(-depth_before)  # (3)
