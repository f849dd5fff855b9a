# title: ReLU instead of LeakyReLU(0.2)
# title_ja: LeakyReLU(0.2) ではなく ReLU
# diagnosis: Your mapping network uses ReLU; StyleGAN's mapping layers use LeakyReLU with slope 0.2.
# diagnosis_ja: マッピングネットワークが ReLU を使っています。StyleGAN のマッピング層は傾き 0.2 の LeakyReLU です。
# copy: MappingNetwork, style_mixing
#@@
#=        for i in range(n_layers):
#-            layers += [nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.LeakyReLU(0.2)]
#+            layers += [nn.Linear(z_dim if i == 0 else w_dim, w_dim), nn.ReLU()]
#=        self.net = nn.Sequential(*layers)
