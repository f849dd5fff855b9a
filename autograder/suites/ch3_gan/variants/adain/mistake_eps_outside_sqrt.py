# title: eps added to the standard deviation
# title_ja: eps を標準偏差に加えた
# diagnosis: Your AdaIN divides by sqrt(var) + eps; the convention (F.instance_norm) is sqrt(var + eps).
# diagnosis_ja: AdaIN が sqrt(var) + eps で割っています。規約（F.instance_norm）は sqrt(var + eps) です。
# copy: adain
#@@
#=    var = x.var(dim=(2, 3), keepdim=True, unbiased=False)              # biased, (B, C, 1, 1)
#-    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
#+    x_norm = (x - mu) / (torch.sqrt(var) + eps)                          # instance norm
#=    return style_scale[:, :, None, None] * x_norm + style_bias[:, :, None, None]
