# title: no activation after the last layer
# title_ja: 最後の層の後に活性化がない
# diagnosis: Your mapping network has no LeakyReLU after its last Linear layer; the spec puts LeakyReLU(0.2) after every layer.
# diagnosis_ja: マッピングネットワークの最後の Linear の後に LeakyReLU がありません。仕様ではすべての層の後に LeakyReLU(0.2) を置きます。
# copy: MappingNetwork, style_mixing
#@@
#=            layers += [nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.LeakyReLU(0.2)]
#-        self.net = nn.Sequential(*layers)
#+        self.net = nn.Sequential(*layers[:-1])
#=
