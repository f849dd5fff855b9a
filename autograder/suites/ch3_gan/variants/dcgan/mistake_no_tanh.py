# title: generator without the final Tanh
# title_ja: Generator の最後の Tanh がない
# diagnosis: Your generator's output is not squashed by Tanh; DCGAN ends G with Tanh so images lie in (-1, 1).
# diagnosis_ja: Generator の出力に Tanh がかかっていません。DCGAN は G の最後に Tanh を置き、画像を (-1, 1) に収めます。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=            nn.ConvTranspose2d(c, out_channels, 4, 2, 1, bias=False),  # (B, out, 32, 32)
#-            nn.Tanh(),
#+            nn.Identity(),
#=        )
