# title: statistics over channels and space (layer norm)
# title_ja: チャネルと空間でまとめて統計をとった（レイヤー正規化）
# diagnosis: Your AdaIN computes one mean and variance per sample over (C, H, W); AdaIN normalises each channel separately over (H, W).
# diagnosis_ja: AdaIN がサンプルごとに (C, H, W) 全体で平均と分散をとっています。AdaIN は各チャネルを (H, W) 方向で別々に正規化します。
# copy: adain
#@@
#=            raise ValueError(f"{name} must have shape (B, C) = {tuple(x.shape[:2])}, got {tuple(s.shape)}")
#-    mu = x.mean(dim=(2, 3), keepdim=True)                              # (B, C, 1, 1)
#-    var = x.var(dim=(2, 3), keepdim=True, unbiased=False)              # biased, (B, C, 1, 1)
#+    mu = x.mean(dim=(1, 2, 3), keepdim=True)                              # (B, C, 1, 1)
#+    var = x.var(dim=(1, 2, 3), keepdim=True, unbiased=False)              # biased, (B, C, 1, 1)
#=    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
