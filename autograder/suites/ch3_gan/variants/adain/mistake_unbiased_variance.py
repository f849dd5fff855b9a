# title: unbiased variance (divide by H*W - 1)
# title_ja: 不偏分散（H·W - 1 で割る）
# diagnosis: Your AdaIN normalises with the unbiased variance (x.var() divides by H*W - 1); instance normalisation uses the biased variance (unbiased=False).
# diagnosis_ja: AdaIN が不偏分散で正規化しています（x.var() は H·W - 1 で割ります）。インスタンス正規化はバイアスあり分散（unbiased=False）です。
# copy: adain
#@@
#=    mu = x.mean(dim=(2, 3), keepdim=True)                              # (B, C, 1, 1)
#-    var = x.var(dim=(2, 3), keepdim=True, unbiased=False)              # biased, (B, C, 1, 1)
#+    var = x.var(dim=(2, 3), keepdim=True)              # biased, (B, C, 1, 1)
#=    x_norm = (x - mu) / torch.sqrt(var + eps)                          # instance norm
