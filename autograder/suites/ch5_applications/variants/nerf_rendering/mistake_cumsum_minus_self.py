# title: exclusive sum as cumsum(x) - x (catastrophic cancellation)
# title_ja: 排他的累積和を cumsum(x) - x で作った（桁落ち）
# diagnosis: Your last weight is wrong in float32: cumsum(tau) - tau cancels against the huge last interval (far_delta = 1e10) and loses the sum before it; build the exclusive sum as cat([0, cumsum(tau[:, :-1])]).
# diagnosis_ja: float32 で最後の重みが違います。cumsum(tau) - tau は巨大な最後の区間（far_delta = 1e10）と打ち消し合い、それまでの和が失われます。排他的累積和は cat([0, cumsum(tau[:, :-1])]) で作ってください。
# copy: volume_render
#@@
#=    # swallow the sum before it in floating point)
#-    depth_before = torch.cat([torch.zeros_like(tau[:, :1]), torch.cumsum(tau[:, :-1], dim=1)], dim=1)
#+    depth_before = torch.cumsum(tau, dim=1) - tau
#=    trans = torch.exp(-depth_before)  # (3)
