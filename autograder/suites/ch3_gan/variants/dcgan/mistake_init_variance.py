# title: 0.02 used as the variance
# title_ja: 0.02 を分散として使った
# diagnosis: Your initial weights have std sqrt(0.02) = 0.14; DCGAN draws them from N(0, 0.02^2), i.e. std 0.02.
# diagnosis_ja: 初期の重みの標準偏差が sqrt(0.02) = 0.14 です。DCGAN の初期化は N(0, 0.02²)、つまり標準偏差 0.02 です。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
#-                nn.init.normal_(m.weight, 0.0, 0.02, generator=generator)
#+                nn.init.normal_(m.weight, 0.0, 0.02 ** 0.5, generator=generator)
#=                if m.bias is not None:
