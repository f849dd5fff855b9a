# title: BatchNorm on the discriminator's first layer
# title_ja: Discriminator の最初の層に BatchNorm を置いた
# diagnosis: Your discriminator has a BatchNorm after its first convolution; DCGAN applies no BatchNorm to D's input layer (and the state_dict keys then shift).
# diagnosis_ja: Discriminator の最初の畳み込みの後に BatchNorm があります。DCGAN では D の入力層に BatchNorm を使いません（state_dict のキーもずれます）。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=            nn.Conv2d(in_channels, c, 4, 2, 1, bias=False),  # (B, c, 16, 16)
#+            nn.BatchNorm2d(c),
#=            nn.LeakyReLU(0.2),
