# title: BatchNorm weights drawn around 0
# title_ja: BatchNorm の重みを 0 のまわりで初期化した
# diagnosis: Your BatchNorm weights are drawn from N(0, 0.02^2); DCGAN uses N(1, 0.02^2) (a scale near 1).
# diagnosis_ja: BatchNorm の重みが N(0, 0.02²) から生成されています。DCGAN は N(1, 0.02²)（1 に近いスケール）です。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=            elif isinstance(m, nn.modules.batchnorm._BatchNorm) and m.affine:
#-                nn.init.normal_(m.weight, 1.0, 0.02, generator=generator)
#+                nn.init.normal_(m.weight, 0.0, 0.02, generator=generator)
#=                nn.init.zeros_(m.bias)
