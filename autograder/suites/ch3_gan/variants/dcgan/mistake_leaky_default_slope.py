# title: LeakyReLU with the default slope 0.01
# title_ja: LeakyReLU の傾きが既定値 0.01
# diagnosis: Your discriminator's LeakyReLU uses PyTorch's default slope 0.01; DCGAN uses 0.2.
# diagnosis_ja: Discriminator の LeakyReLU が PyTorch の既定値 0.01 の傾きです。DCGAN は 0.2 を使います。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=            nn.Conv2d(in_channels, c, 4, 2, 1, bias=False),  # (B, c, 16, 16)
#-            nn.LeakyReLU(0.2),
#+            nn.LeakyReLU(),
#=            nn.Conv2d(c, 2 * c, 4, 2, 1, bias=False),        # (B, 2c, 8, 8)
#=            nn.BatchNorm2d(2 * c),
#-            nn.LeakyReLU(0.2),
#+            nn.LeakyReLU(),
#=            nn.Conv2d(2 * c, 4 * c, 4, 2, 1, bias=False),    # (B, 4c, 4, 4)
#=            nn.BatchNorm2d(4 * c),
#-            nn.LeakyReLU(0.2),
#+            nn.LeakyReLU(),
#=            nn.Conv2d(4 * c, 1, 4, 1, 0, bias=False),        # (B, 1, 1, 1)
