# title: discriminator returns probabilities
# title_ja: Discriminator が確率を返す
# diagnosis: Your discriminator applies a sigmoid; it must return raw logits (the BCE-with-logits loss applies the sigmoid).
# diagnosis_ja: Discriminator が sigmoid をかけています。生のロジットを返してください（sigmoid は BCE-with-logits 損失の中でかかります）。
# copy: DCGANGenerator, DCGANDiscriminator, dcgan_init_
#@@
#=    def forward(self, x: torch.Tensor) -> torch.Tensor:
#-        return self.net(x).reshape(-1)  # (B, 1, 1, 1) -> (B,)
#+        return torch.sigmoid(self.net(x)).reshape(-1)
#=
